using Baqylau.Accounts;
using Baqylau.Common;
using Baqylau.Localization;

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
/// <param name="Outdated">The language whose text was last edited before the other's (and not marked checked since), or null.</param>
public sealed record TranslationParity(IReadOnlyList<string> Missing, string? Outdated)
{
    public bool IsOk => Missing.Count == 0 && Outdated is null;

    /// <summary>
    /// Judged by content, not by time: a language is outdated when the other's text changed after its own last
    /// edit, until it is edited too or marked checked (<see cref="StatementTranslation.Edition"/>).
    /// </summary>
    public static TranslationParity Of(IEnumerable<(string Culture, int Edition)> translations)
    {
        var present = translations.ToList();
        var missing = Cultures.All.Where(l => present.All(p => p.Culture != l)).ToList();
        string? outdated = null;
        if (present.Count >= 2)
        {
            var oldest = present.MinBy(p => p.Edition);
            if (oldest.Edition < present.Max(p => p.Edition))
                outdated = oldest.Culture;
        }

        return new TranslationParity(missing, outdated);
    }
}

/// <summary>
/// <see cref="TranslationParity"/> as a query, for lists that pick statements by it (the statement list's filter, the
/// editors' desk): the one place the database side of the rule is written, so it changes with the rule.
/// </summary>
public static class TranslationParityQueries
{
    /// <summary>Statements missing a language, or with one text behind another's edition (outdated).</summary>
    public static IQueryable<Statement> WithTranslationProblems(this IQueryable<Statement> statements)
    {
        var languages = Cultures.All.Count;
        return statements.Where(s => s.Translations.Count < languages
            || s.Translations.Any(t => s.Translations.Any(u => u.Edition > t.Edition)));
    }
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
    bool CanChangeSlugs)
{
    public static StatementActions For(StaffUser user, Statement s)
    {
        var open = s.IsEditableWithoutCorrection;
        var published = s.Status is StatementStatus.Published or StatementStatus.Corrected;
        return new StatementActions(
            CanEdit: open || (published && user.IsEditor),
            CanSubmit: s.Status == StatementStatus.Draft,
            CanPublish: open && user.IsEditor,
            CanSchedule: open && user.IsEditor,
            CanUnschedule: open && user.IsEditor && s.ScheduledFor is not null,
            CanSendBack: s.Status == StatementStatus.InReview && user.IsEditor,
            CanCorrect: published && user.IsEditor,
            CanRetract: published && user.IsEditor,
            CanRestore: open || (published && user.IsEditor),
            CanChangeSlugs: user.IsEditor && s.PublishedAt is not null);
    }
}

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

/// <summary>What an editor shows after a change: the statement as now stored and its revisions, newest first.</summary>
public sealed record SaveResult(StatementEditModel Statement, IReadOnlyList<RevisionInfo> Revisions)
{
    public Guid Id => Statement.Id;

    public uint Version => Statement.Version;

    /// <summary>The revision this change wrote.</summary>
    public int RevisionNumber => Revisions.Count > 0 ? Revisions[0].Number : 0;
}

public sealed record RevisionInfo(int Number, RevisionKind Kind, DateTimeOffset CreatedAt, string? AuthorName, string? Comment, StatementStatus Status);
