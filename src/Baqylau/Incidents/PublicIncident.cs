using Baqylau.Common;
using Baqylau.Localization;
using Baqylau.Statements;

namespace Baqylau.Incidents;

/// <summary>
/// Everything about an incident that may be published, read in one projection for the page, the API, the
/// CSV and the feed. Built only from public columns: no internal part, no evidence file, no "who".
/// </summary>
public sealed record PublicIncident
{
    /// <summary>Database key, used only as the paging tie-breaker (URLs use <see cref="PublicId"/>).</summary>
    public required Guid Id { get; init; }

    public required string PublicId { get; init; }

    /// <summary>Title and description by language ("kk", "ru").</summary>
    public required IReadOnlyDictionary<string, IncidentText> Texts { get; init; }

    public required FuzzyDate Occurred { get; init; }

    public DateTime? SortKey { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required PublicTerm Category { get; init; }

    public PublicTerm? Actor { get; init; }

    public PublicTerm? Region { get; init; }

    public string? Settlement { get; init; }

    public string? PollingStation { get; init; }

    public required VerificationStatus Verification { get; init; }

    /// <summary>Statuses and dates only; who changed them stays internal.</summary>
    public IReadOnlyList<VerificationStep> History { get; init; } = [];

    public IReadOnlyList<PublicSource> Sources { get; init; } = [];

    public required OrganisationRef Organisation { get; init; }

    public PublicTerm? Campaign { get; init; }

    /// <summary>Published (or corrected, or retracted) statements that cite the incident.</summary>
    public IReadOnlyList<CitingStatement> Statements { get; init; } = [];

    public bool HasText(string lang) => Texts.ContainsKey(lang);

    /// <summary>The title in <paramref name="lang"/>, else in the other language.</summary>
    public string Title(string lang) => TextIn(lang)?.Title ?? string.Empty;

    public string Description(string lang) => TextIn(lang)?.Description ?? string.Empty;

    /// <summary>The language the title is actually shown in for a reader of <paramref name="lang"/>.</summary>
    public string TextLanguage(string lang) => Texts.ContainsKey(lang) ? lang : Cultures.Other(lang);

    public bool RecordedLater => TimelineRules.IsRecordedLater(Occurred, RecordedAt);

    private IncidentText? TextIn(string lang) =>
        Texts.TryGetValue(lang, out var t) ? t : Texts.TryGetValue(Cultures.Other(lang), out t) ? t : Texts.Values.FirstOrDefault();
}

public sealed record IncidentText(string Title, string Description);

/// <summary>A taxonomy entry, region, or campaign: its URL key and its bilingual name.</summary>
public sealed record PublicTerm(string Key, LocalizedText Name);

public sealed record OrganisationRef(string Slug, LocalizedText Name, LocalizedText ShortName);

public sealed record VerificationStep(VerificationStatus Status, DateTimeOffset At);

public sealed record PublicSource(SourceKind Kind, string Url, string? Title, DateOnly? AccessedOn, string? ArchiveUrl);

public sealed record CitingStatement(string PublicId, StatementStatus Status, DateTimeOffset? PublishedAt, IReadOnlyList<CitingStatementText> Texts)
{
    /// <summary>The text in <paramref name="lang"/>, else any; null when the statement has none.</summary>
    public CitingStatementText? TextFor(string lang) =>
        Texts.FirstOrDefault(t => t.Culture == lang) ?? (Texts.Count > 0 ? Texts[0] : null);
}

public sealed record CitingStatementText(string Culture, string Slug, string Title);

/// <summary>One page of the timeline: rows, how many match in all, and where the next page starts.</summary>
public sealed record TimelinePage(IReadOnlyList<PublicIncident> Items, int Total, KeysetCursor? Next);

public static class TimelineRules
{
    /// <summary>Logged this long after the last day the date can mean: the timeline says "recorded later".</summary>
    public static readonly int RecordedLaterDays = 2;

    public static bool IsRecordedLater(FuzzyDate occurred, DateTimeOffset recordedAt)
    {
        if (occurred.EndDay is not { } end)
            return false;
        var recordedDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(recordedAt, Datelines.Kazakhstan).DateTime);
        return recordedDay > end.AddDays(RecordedLaterDays);
    }

    /// <summary>Cursor key of a row: the sort key in ticks; null for undated rows, which come last.</summary>
    public static KeysetCursor CursorOf(PublicIncident incident) => new(incident.SortKey?.Ticks, incident.Id);
}
