using Baqylau.Common;

namespace Baqylau.Campaigns;

public enum CampaignKind
{
    Parliamentary = 0,
    Presidential = 1,
    LocalMaslikhat = 2,
    Akim = 3,
    Referendum = 4,
    Other = 5,
}

public enum CampaignDateKind
{
    Announcement = 0,
    Nomination = 1,
    Registration = 2,
    Campaigning = 3,
    DayOfSilence = 4,
    VotingDay = 5,
    Results = 6,
}

/// <summary>An election or referendum.</summary>
public sealed class Campaign : IArchivable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Slug { get; set; }

    public CampaignKind Kind { get; set; }

    public LocalizedText Title { get; set; } = new();

    public LocalizedText Description { get; set; } = new();

    public DateOnly VotingDay { get; set; }

    public List<CampaignKeyDate> KeyDates { get; set; } = [];

    public List<LegalReference> LegalReferences { get; set; } = [];

    /// <summary>Archived campaigns leave lists but stay readable; campaigns are never hard-deleted.</summary>
    public bool IsArchived { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A date (or span) of the electoral calendar.</summary>
public sealed class CampaignKeyDate
{
    public CampaignDateKind Kind { get; set; }

    public DateOnly Start { get; set; }

    public DateOnly? End { get; set; }

    public LocalizedText Note { get; set; } = new();
}

/// <summary>A law or regulation the campaign runs under.</summary>
public sealed class LegalReference
{
    public LocalizedText Title { get; set; } = new();

    public string? Url { get; set; }
}
