namespace Gateway.Api.Audit;

/// <summary><c>.Audited("campaign.start")</c> on an endpoint builder.</summary>
public static class AuditConventions
{
    /// <summary>Marks the endpoint as audited under <paramref name="action"/>.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AuditedAction(action));

    /// <summary>
    /// Names the target of an audited request when neither the answer's Location nor the route's <c>id</c>
    /// does (a do-not-fax number sent in the body).
    /// </summary>
    public static void SetAuditTarget(this HttpContext context, string target) => context.Items[AuditMiddleware.TargetItem] = target;
}
