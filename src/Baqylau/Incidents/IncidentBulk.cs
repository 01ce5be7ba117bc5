namespace Baqylau.Incidents;

/// <summary>What a bulk action on the incident list changes; each selected incident gets the same single change.</summary>
public enum IncidentBulkKind
{
    /// <summary>A verification step (<see cref="IncidentBulkChange.Verification"/>), by the single step's rules.</summary>
    Verification = 0,

    /// <summary>Public or internal (<see cref="IncidentBulkChange.Visibility"/>).</summary>
    Visibility = 1,

    /// <summary>The campaign (<see cref="IncidentBulkChange.CampaignId"/>; null takes it away).</summary>
    Campaign = 2,
}

public sealed record IncidentBulkChange(
    IncidentBulkKind Kind,
    VerificationStatus? Verification = null,
    IncidentVisibility? Visibility = null,
    Guid? CampaignId = null)
{
    public static IncidentBulkChange Verify(VerificationStatus to) => new(IncidentBulkKind.Verification, Verification: to);

    public static IncidentBulkChange SetVisibility(IncidentVisibility to) => new(IncidentBulkKind.Visibility, Visibility: to);

    public static IncidentBulkChange SetCampaign(Guid? campaignId) => new(IncidentBulkKind.Campaign, CampaignId: campaignId);
}

/// <summary>A selected incident and the version the editor saw in the list, so a change made since is not overwritten.</summary>
public sealed record IncidentBulkItem(Guid Id, uint Version);

/// <summary>
/// What happened to one selected incident. <see cref="Title"/> and <see cref="Verification"/> are known only for the
/// user's own incidents: another organisation's stay nameless, as the single actions keep them "not found".
/// </summary>
/// <param name="ErrorKey">The single action's refusal (its resource key); null when the change was applied.</param>
public sealed record IncidentBulkOutcome(Guid Id, string? Title, VerificationStatus? Verification, string? ErrorKey)
{
    public bool Applied => ErrorKey is null;
}

public sealed record IncidentBulkResult(IReadOnlyList<IncidentBulkOutcome> Items)
{
    public int AppliedCount => Items.Count(i => i.Applied);

    public IReadOnlyList<IncidentBulkOutcome> Refused => [.. Items.Where(i => !i.Applied)];
}
