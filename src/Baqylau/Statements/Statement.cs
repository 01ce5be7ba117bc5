using Baqylau.Campaigns;
using Baqylau.Common;
using Baqylau.Organisations;

namespace Baqylau.Statements;

public enum StatementStatus
{
    Draft = 0,
    InReview = 1,
    Published = 2,
    Corrected = 3,
    Retracted = 4,
}

/// <summary>A news-style statement owned by an organisation; its text lives in one translation per language.</summary>
public sealed partial class Statement : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Random short id for permalinks and the API; not the database key.</summary>
    public string PublicId { get; set; } = ShortId.New();

    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    public Guid? CampaignId { get; set; }

    public Campaign? Campaign { get; set; }

    public Guid? RubricId { get; set; }

    public Rubric? Rubric { get; set; }

    public List<Tag> Tags { get; set; } = [];

    public StatementStatus Status { get; set; }

    public List<StatementTranslation> Translations { get; set; } = [];

    /// <summary>"Read also" links, in the order an editor chose.</summary>
    public List<StatementRelation> Related { get; set; } = [];

    public List<StatementCorrection> Corrections { get; set; } = [];

    /// <summary>Stored file name of the hero photo (re-encoded, metadata stripped); null without a photo.</summary>
    public string? PhotoPath { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset? ScheduledFor { get; set; }

    public DateTimeOffset? RetractedAt { get; set; }

    public LocalizedText RetractionReason { get; set; } = new();

    public Guid? CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL xmin: a second save of a stale copy fails instead of overwriting.</summary>
    public uint Version { get; set; }

    public bool IsPublic => Status is StatementStatus.Published or StatementStatus.Corrected or StatementStatus.Retracted;

    public StatementTranslation? Translation(string lang) =>
        Translations.FirstOrDefault(t => string.Equals(t.Culture, lang, StringComparison.Ordinal));
}

/// <summary>The statement's text in one language.</summary>
public sealed class StatementTranslation
{
    public Guid StatementId { get; set; }

    public Statement? Statement { get; set; }

    /// <summary>"kk" or "ru".</summary>
    public required string Culture { get; set; }

    /// <summary>ASCII slug, unique per language, fixed at first publication.</summary>
    public required string Slug { get; set; }

    public required string Title { get; set; }

    public string Lead { get; set; } = string.Empty;

    /// <summary>Markdown; rendered and sanitised on output.</summary>
    public string Body { get; set; } = string.Empty;

    public string? PhotoCaption { get; set; }

    public string? PhotoAlt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Which edit of the statement's texts this language last took part in: a save that changes texts gives every
    /// changed language the next number; "checked" brings a language up to the newest without changing it. A
    /// language behind the other is outdated (<see cref="TranslationParity"/>), however little time lies between.
    /// </summary>
    public int Edition { get; set; }
}

/// <summary>A dated public correction note shown on the statement page.</summary>
public sealed class StatementCorrection
{
    public DateTimeOffset At { get; set; }

    public LocalizedText Note { get; set; } = new();
}

/// <summary>A "Read also" link from one statement to another.</summary>
public sealed class StatementRelation
{
    public Guid StatementId { get; set; }

    public Guid RelatedStatementId { get; set; }

    public Statement? RelatedStatement { get; set; }

    public int Position { get; set; }
}

/// <summary>Every save keeps a revision: a full snapshot of the statement and its translations as JSON.</summary>
public sealed class StatementRevision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid StatementId { get; set; }

    public int Number { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? CreatedById { get; set; }

    public string? Comment { get; set; }

    /// <summary>What the save did (an edit, a submission, a publication ...), so the history reads like a log.</summary>
    public RevisionKind Kind { get; set; }

    public required string Snapshot { get; set; }
}

/// <summary>A section of the news site (Statements, News, Analysis ...), editable by admins.</summary>
public sealed class Rubric
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Slug { get; set; }

    public LocalizedText Name { get; set; } = new();

    public int SortOrder { get; set; }
}

public sealed class Tag
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Slug { get; set; }

    public LocalizedText Name { get; set; } = new();

    public List<Statement> Statements { get; set; } = [];
}
