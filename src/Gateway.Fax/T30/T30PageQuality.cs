namespace Gateway.Fax.T30;

/// <summary>What a page sink found in a received page.</summary>
public readonly record struct T30PageQuality(int Rows, int BadRows, bool Acceptable);
