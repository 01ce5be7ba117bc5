using Baqylau.Campaigns;
using Baqylau.Common;
using Baqylau.Statements;

namespace Baqylau.Organisations;

public enum StanceKind
{
    Undecided = 0,
    Observing = 1,
    PartlyObserving = 2,
    Declined = 3,
}

/// <summary>
/// An organisation's position on a campaign. A change of position is a new row, so the history stays;
/// the current stance is the newest one.
/// </summary>
public sealed class OrganisationStance : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    public Guid CampaignId { get; set; }

    public Campaign? Campaign { get; set; }

    public StanceKind Stance { get; set; }

    public LocalizedText Reason { get; set; } = new();

    /// <summary>The statement that announced the position, if any.</summary>
    public Guid? StatementId { get; set; }

    public Statement? Statement { get; set; }

    public DateTimeOffset DecidedAt { get; set; }
}
