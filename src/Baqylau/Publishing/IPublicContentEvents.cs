namespace Baqylau.Publishing;

/// <summary>
/// Told when something the public can see has changed (published, corrected, retracted, unpublished),
/// so the web layer can evict exactly the cached pages and feeds that show it.
/// </summary>
public interface IPublicContentEvents
{
    Task StatementChangedAsync(Guid statementId, CancellationToken ct = default);

    Task IncidentChangedAsync(Guid incidentId, CancellationToken ct = default);

    /// <summary>A campaign's record or an organisation's stance on it changed (admin workspace).</summary>
    /// <remarks>Default no-op, so recorders that only care about statements or incidents need not implement it.</remarks>
    Task CampaignChangedAsync(Guid campaignId, CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>An organisation's public profile changed (admin workspace).</summary>
    Task OrganisationChangedAsync(Guid organisationId, CancellationToken ct = default) => Task.CompletedTask;
}

/// <summary>Default when nothing caches public output (tests of the domain alone, command-line tools).</summary>
public sealed class NoPublicContentEvents : IPublicContentEvents
{
    public Task StatementChangedAsync(Guid statementId, CancellationToken ct = default) => Task.CompletedTask;

    public Task IncidentChangedAsync(Guid incidentId, CancellationToken ct = default) => Task.CompletedTask;
}
