using Baqylau.Accounts;
using Baqylau.Common;

namespace Baqylau.Statements;

/// <summary>The statement's text in one language, as typed in the editor.</summary>
public sealed record TranslationContent(
    string Culture,
    string Title,
    string Lead,
    string Body,
    string? PhotoCaption,
    string? PhotoAlt)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Lead) && string.IsNullOrWhiteSpace(Body)
        && string.IsNullOrWhiteSpace(PhotoCaption) && string.IsNullOrWhiteSpace(PhotoAlt);
}

/// <summary>Everything an edit can change (workflow fields change only through workflow actions).</summary>
public sealed record StatementContent
{
    public IReadOnlyList<TranslationContent> Translations { get; init; } = [];

    public Guid? CampaignId { get; init; }

    public Guid? RubricId { get; init; }

    public IReadOnlyList<Guid> TagIds { get; init; } = [];

    /// <summary>"Read also", in the chosen order.</summary>
    public IReadOnlyList<Guid> RelatedIds { get; init; } = [];

    /// <summary>Stored photo name (see StatementPhotoStore), or null.</summary>
    public string? PhotoPath { get; init; }

    public TranslationContent? Translation(string lang) => Translations.FirstOrDefault(t => t.Culture == lang);
}

/// <param name="Missing">Languages without a translation.</param>
/// <param name="Outdated">The language whose text is older than the other's by more than the threshold, or null.</param>
public sealed record TranslationParity(IReadOnlyList<string> Missing, string? Outdated)
{
    /// <summary>One text edited more than this after the other: the other probably needs the same change.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromHours(1);

    public bool IsOk => Missing.Count == 0 && Outdated is null;
}

/// <summary>What a workflow button needs to know: which actions this user may take on this statement now.</summary>
public sealed record StatementActions(
    bool CanEdit,
    bool CanSubmit,
    bool CanPublish,
    bool CanSchedule,
    bool CanUnschedule,
    bool CanSendBack,
    bool CanCorrect,
    bool CanRetract,
    bool CanRestore,
    bool CanChangeSlugs);

/// <summary>A statement as the editor shows it.</summary>
public sealed record StatementEditModel(
    Guid Id,
    string PublicId,
    uint Version,
    Guid OrganisationId,
    string OrganisationName,
    StatementStatus Status,
    StatementContent Content,
    IReadOnlyDictionary<string, string> Slugs,
    IReadOnlyDictionary<string, DateTimeOffset> TranslationUpdatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? ScheduledFor,
    DateTimeOffset? RetractedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<StatementCorrection> Corrections,
    LocalizedText RetractionReason,
    IReadOnlyList<NamedRef> Related,
    TranslationParity Parity,
    StatementActions Actions,
    string? ReviewComment) : IVersioned
{
    public bool IsPublic => Status is StatementStatus.Published or StatementStatus.Corrected or StatementStatus.Retracted;
}

public enum StatementSort
{
    UpdatedAt = 0,
    Title = 1,
    Status = 2,
    PublishedAt = 3,
    ScheduledFor = 4,
}

/// <summary>Filters, sort and page of the workspace list.</summary>
public sealed record StatementListQuery
{
    public StatementStatus? Status { get; init; }

    /// <summary>Honoured for admins only; everyone else sees their own organisation.</summary>
    public Guid? OrganisationId { get; init; }

    public Guid? CampaignId { get; init; }

    public Guid? RubricId { get; init; }

    /// <summary>Only statements whose kk/ru texts are missing or out of step.</summary>
    public bool ParityProblemsOnly { get; init; }

    public string? Search { get; init; }

    public StatementSort Sort { get; init; }

    public bool Descending { get; init; } = true;

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;
}

public sealed record StatementRow(
    Guid Id,
    string Title,
    string OrganisationName,
    StatementStatus Status,
    string? RubricName,
    string? CampaignName,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? ScheduledFor,
    TranslationParity Parity);

/// <summary>Choices for the editor's pickers, in the user's language.</summary>
public sealed record StatementEditorOptions(
    IReadOnlyList<NamedRef> Rubrics,
    IReadOnlyList<NamedRef> Campaigns,
    IReadOnlyList<NamedRef> Tags,
    IReadOnlyList<NamedRef> Organisations);

/// <param name="UpdateSlugs">After first publication a changed headline keeps its URL unless the editor asks for a new one.</param>
public sealed record SaveOptions(bool UpdateSlugs = false, string? Comment = null);

public sealed record SaveResult(Guid Id, uint Version, int RevisionNumber);

public sealed record RevisionInfo(int Number, RevisionKind Kind, DateTimeOffset CreatedAt, string? AuthorName, string? Comment, StatementStatus Status);
