using Baqylau.Campaigns;
using Baqylau.Common;
using Baqylau.Organisations;
using Baqylau.Regions;
using Baqylau.Statements;

namespace Baqylau.Incidents;

public enum VerificationStatus
{
    Reported = 0,
    Corroborated = 1,
    Verified = 2,
    Disputed = 3,
}

public enum IncidentVisibility
{
    Internal = 0,
    Public = 1,
}

/// <summary>An interference incident or violation in the organisation's log.</summary>
public sealed class Incident : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Random short id used in permalinks (/kk/incidents/{PublicId}).</summary>
    public string PublicId { get; set; } = ShortId.New();

    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    public Guid? CampaignId { get; set; }

    public Campaign? Campaign { get; set; }

    public Guid CategoryId { get; set; }

    public IncidentCategory? Category { get; set; }

    public Guid? ActorId { get; set; }

    public IncidentActor? Actor { get; set; }

    /// <summary>When it happened, as precisely as known.</summary>
    public FuzzyDate Occurred { get; set; } = FuzzyDate.Unknown;

    /// <summary>Start of <see cref="Occurred"/> as a sortable column; null for unknown dates. Kept in step by <see cref="SetOccurred"/>.</summary>
    public DateTime? OccurredSortKey { get; private set; }

    /// <summary>Last day <see cref="Occurred"/> can mean, for year-range filters.</summary>
    public DateOnly? OccurredEndDay { get; private set; }

    /// <summary>
    /// Timeline order as one non-null column the database computes: <see cref="OccurredSortKey"/>, or
    /// <see cref="UndatedTimelineKey"/> for unknown dates so they sort last. One index then serves the order and keyset paging.
    /// </summary>
    public DateTime TimelineKey { get; private set; }

    /// <summary>The <see cref="TimelineKey"/> of an incident with no known date: before any real date.</summary>
    public static readonly DateTime UndatedTimelineKey = new(1000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>When it was logged; kept apart from when it happened.</summary>
    public DateTimeOffset RecordedAt { get; set; }

    public int? RegionId { get; set; }

    public Region? Region { get; set; }

    public string? Settlement { get; set; }

    public string? PollingStation { get; set; }

    public VerificationStatus Verification { get; set; }

    public IncidentVisibility Visibility { get; set; }

    public List<IncidentTranslation> Translations { get; set; } = [];

    public List<IncidentSource> Sources { get; set; } = [];

    public List<EvidenceFile> Evidence { get; set; } = [];

    public List<Statement> Statements { get; set; } = [];

    public List<IncidentVerificationEvent> VerificationHistory { get; set; } = [];

    public IncidentInternal? Internal { get; set; }

    public Guid? CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public uint Version { get; set; }

    public void SetOccurred(FuzzyDate date)
    {
        if (FuzzyDate.Validate(date) is { } error)
            throw new ArgumentException(error, nameof(date));
        Occurred = date;
        OccurredSortKey = date.SortKey;
        OccurredEndDay = date.EndDay;
    }

    public IncidentTranslation? Translation(string lang) =>
        Translations.FirstOrDefault(t => string.Equals(t.Culture, lang, StringComparison.Ordinal));
}

public sealed class IncidentTranslation
{
    public Guid IncidentId { get; set; }

    public required string Culture { get; set; }

    public required string Title { get; set; }

    public string Description { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum SourceKind
{
    Link = 0,
    Document = 1,
    NetworkMeasurement = 2,
}

/// <summary>Where the facts come from: a link, a document, or a network measurement (an OONI link for blocking).</summary>
public sealed class IncidentSource
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IncidentId { get; set; }

    public SourceKind Kind { get; set; }

    public required string Url { get; set; }

    public string? Title { get; set; }

    public DateOnly? AccessedOn { get; set; }

    public string? ArchiveUrl { get; set; }
}

/// <summary>An evidence file, stored outside the web root under a random name; private unless an editor marks it publishable.</summary>
public sealed class EvidenceFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IncidentId { get; set; }

    [Internal]
    public required string OriginalFileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the stored bytes.</summary>
    public required string Sha256 { get; set; }

    [Internal]
    public required string StorageName { get; set; }

    public bool Publishable { get; set; }

    public Guid? UploadedById { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>
/// The internal part of an incident: observer and witness identities and notes. Readable only by Editors
/// and Admins of the incident's organisation; no public output reads this table.
/// </summary>
[Internal]
public sealed class IncidentInternal
{
    public Guid IncidentId { get; set; }

    [Internal]
    public string? ObserverIdentities { get; set; }

    [Internal]
    public string? WitnessIdentities { get; set; }

    [Internal]
    public string? Notes { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A step of verification: who moved the incident to which status, and when.</summary>
public sealed class IncidentVerificationEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IncidentId { get; set; }

    public VerificationStatus Status { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid? ById { get; set; }

    public string? Comment { get; set; }
}

/// <summary>A term of an editable bilingual taxonomy (incident categories, actors): what the admin page edits.</summary>
public interface ITaxonomyTerm
{
    Guid Id { get; }

    string Slug { get; set; }

    LocalizedText Name { get; set; }

    int SortOrder { get; set; }

    /// <summary>Retired: kept for the incidents that use it, no longer offered for new ones.</summary>
    bool IsArchived { get; set; }
}

/// <summary>Editable bilingual taxonomy of incident kinds.</summary>
public sealed class IncidentCategory : ITaxonomyTerm
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Slug { get; set; }

    public LocalizedText Name { get; set; } = new();

    public int SortOrder { get; set; }

    public bool IsArchived { get; set; }
}

/// <summary>Editable bilingual taxonomy of who interfered (police, election commission, unknown ...).</summary>
public sealed class IncidentActor : ITaxonomyTerm
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Slug { get; set; }

    public LocalizedText Name { get; set; } = new();

    public int SortOrder { get; set; }

    public bool IsArchived { get; set; }
}
