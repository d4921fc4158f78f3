namespace Gateway.Campaigns.Domain;

/// <summary>Who the fax says it is from.</summary>
/// <param name="Tsi">Transmitting subscriber identification, T.30 §5.3.6.2.6: up to 20 digits, '+' and space.</param>
/// <param name="HeaderText">Text of the header line printed on every page (47 CFR 68.318(d) wants sender and number).</param>
/// <param name="CallerNumber">Calling number presented in SIP From / P-Asserted-Identity, E.164 when set.</param>
public sealed record SenderIdentity(string Tsi, string HeaderText, string? CallerNumber);
