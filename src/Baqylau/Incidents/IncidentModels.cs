using Baqylau.Statements;

namespace Baqylau.Incidents;

/// <summary>Field names (resource keys) and limits of incident content; the limits match the column sizes.</summary>
public static class IncidentFields
{
    public const string Title = "Field_Title";
    public const string Description = "Field_Description";
    public const string Occurred = "Field_Occurred";
    public const string Category = "Field_Category";
    public const string Actor = "Field_Actor";
    public const string Region = "Field_Region";
    public const string Settlement = "Field_Settlement";
    public const string PollingStation = "Field_PollingStation";
    public const string Campaign = "Field_Campaign";
    public const string SourceUrl = "Field_SourceUrl";
    public const string SourceTitle = "Field_SourceTitle";
    public const string ArchiveUrl = "Field_ArchiveUrl";
    public const string Sources = "Field_Sources";
    public const string Statements = "Field_Statements";
    public const string Internal = "Field_Internal";
    public const string Evidence = "Field_Evidence";

    public const int TitleMax = 300;
    public const int DescriptionMax = 20_000;
    public const int SettlementMax = 200;
    public const int PollingStationMax = 50;
    public const int UrlMax = 2000;
    public const int SourceTitleMax = 500;
    public const int SourcesMax = 50;
    public const int StatementsMax = 20;
    public const int InternalMax = 20_000;
}

/// <summary>Resource keys of incident-specific errors (shared ones such as NotFound come from <see cref="StatementErrors"/>).</summary>
public static class IncidentErrors
{
    public const string InvalidUrl = "Error_InvalidUrl";
    public const string VerificationStep = "Error_VerificationStep";
    public const string CategoryRequired = "Error_CategoryRequired";
    public const string EvidenceTooLarge = "Error_EvidenceTooLarge";
    public const string EvidenceUnsupportedType = "Error_EvidenceUnsupportedType";
    public const string BulkSelection = "Error_BulkSelection";

    /// <summary>Keys <see cref="FuzzyDate.Validate"/> returns.</summary>
    public static IReadOnlyList<string> FuzzyDate { get; } =
    [
        "FuzzyDate_UnknownHasParts", "FuzzyDate_YearOutOfRange", "FuzzyDate_RangeEndBeforeStart", "FuzzyDate_MonthOutOfRange",
        "FuzzyDate_DayOutOfRange", "FuzzyDate_TimeMissing", "FuzzyDate_UnknownPrecision",
    ];

    public static IReadOnlyList<string> All { get; } =
        [.. typeof(IncidentErrors).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!), .. FuzzyDate];
}

public sealed record IncidentTextContent(string Culture, string Title, string Description)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Description);
}

public sealed record SourceContent(SourceKind Kind, string Url, string? Title, DateOnly? AccessedOn, string? ArchiveUrl);

/// <summary>Everything an edit can change (verification and visibility change only through their own actions).</summary>
public sealed record IncidentContent
{
    public IReadOnlyList<IncidentTextContent> Translations { get; init; } = [];

    public FuzzyDate Occurred { get; init; } = FuzzyDate.Unknown;

    public Guid? CategoryId { get; init; }

    public Guid? ActorId { get; init; }

    public int? RegionId { get; init; }

    public string? Settlement { get; init; }

    public string? PollingStation { get; init; }

    public Guid? CampaignId { get; init; }

    public IReadOnlyList<SourceContent> Sources { get; init; } = [];

    public IReadOnlyList<Guid> StatementIds { get; init; } = [];

    public IncidentTextContent? Translation(string lang) => Translations.FirstOrDefault(t => t.Culture == lang);
}

/// <summary>The internal part in plain text, as only Editors and Admins of the incident's organisation see it.</summary>
public sealed record IncidentInternalContent(string? ObserverIdentities, string? WitnessIdentities, string? Notes);

public sealed record IncidentActions(bool CanEdit, bool CanVerify, bool CanChangeVisibility, bool CanReadInternal, IReadOnlyList<VerificationStatus> NextSteps);

/// <summary>A verification step with who took it (staff only; the public history carries no names).</summary>
public sealed record IncidentVerificationInfo(VerificationStatus Status, DateTimeOffset At, Guid? ById, string? ByName, string? Comment);

public sealed record IncidentEditModel(
    Guid Id,
    string PublicId,
    uint Version,
    Guid OrganisationId,
    string OrganisationName,
    VerificationStatus Verification,
    IncidentVisibility Visibility,
    DateTimeOffset RecordedAt,
    DateTimeOffset UpdatedAt,
    IncidentContent Content,
    IReadOnlyList<IncidentVerificationInfo> History,
    IncidentActions Actions) : IVersioned;

/// <summary>Filters and page of the workspace list.</summary>
public sealed record IncidentListQuery
{
    public VerificationStatus? Verification { get; init; }

    public IncidentVisibility? Visibility { get; init; }

    public Guid? CategoryId { get; init; }

    public Guid? ActorId { get; init; }

    public int? RegionId { get; init; }

    public Guid? CampaignId { get; init; }

    /// <summary>Honoured for admins only; everyone else sees their own organisation.</summary>
    public Guid? OrganisationId { get; init; }

    /// <summary>Incidents whose possible dates overlap [From, To]; undated ones are left out when either is set.</summary>
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public string? Search { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;
}

public sealed record IncidentRow(
    Guid Id,
    string Title,
    string OrganisationName,
    string CategoryName,
    FuzzyDate Occurred,
    DateTimeOffset RecordedAt,
    VerificationStatus Verification,
    IncidentVisibility Visibility,
    DateTimeOffset UpdatedAt,
    uint Version = 0);

/// <summary>Choices for the editor's pickers, in the user's language.</summary>
public sealed record IncidentEditorOptions(
    IReadOnlyList<NamedRef> Categories,
    IReadOnlyList<NamedRef> Actors,
    IReadOnlyList<RegionRef> Regions,
    IReadOnlyList<NamedRef> Campaigns,
    IReadOnlyList<NamedRef> Organisations);

public sealed record RegionRef(int Id, string Name);

/// <summary>What the editor shows after a change: the incident as now stored.</summary>
public sealed record IncidentSaveResult(IncidentEditModel Incident)
{
    public Guid Id => Incident.Id;

    public uint Version => Incident.Version;
}


/// <summary>An evidence file as staff see it (never its storage name).</summary>
public sealed record EvidenceInfo(Guid Id, string FileName, string ContentType, long Size, string Sha256, bool Publishable, DateTimeOffset UploadedAt);

/// <summary>An evidence file opened for download; the caller disposes <see cref="Content"/>.</summary>
public sealed record EvidenceDownload(Stream Content, string ContentType, string FileName);
