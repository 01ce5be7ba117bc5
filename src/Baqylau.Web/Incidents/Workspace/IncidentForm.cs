using System.Globalization;
using Baqylau.Incidents;
using Baqylau.Localization;
using Baqylau.Statements;
using Baqylau.Web.Components.Shared;

namespace Baqylau.Web.Incidents.Workspace;

/// <summary>
/// The incident editor's working copy. Texts are keyed "kk.Title", "ru.Description" like the statement form, so
/// the same browser autosave script (statement-autosave.js) patches them from the page when the connection is gone.
/// </summary>
public sealed class IncidentForm : EditorForm<IncidentForm>
{
    public static readonly IReadOnlyList<string> TextFields = ["Title", "Description"];

    public override IReadOnlyList<string> TextFieldNames => TextFields;

    public DatePrecision Precision { get; set; }

    public int? Year { get; set; }

    public int? EndYear { get; set; }

    public int? Month { get; set; }

    public int? Day { get; set; }

    public TimeSpan? Time { get; set; }

    public Guid? CategoryId { get; set; }

    public Guid? ActorId { get; set; }

    public int? RegionId { get; set; }

    public Guid? CampaignId { get; set; }

    public string? Settlement { get; set; }

    public string? PollingStation { get; set; }

    public List<SourceForm> Sources { get; set; } = [];

    /// <summary>Linked statements with their titles, for the chips.</summary>
    public List<NamedRef> Statements { get; set; } = [];

    public static IncidentForm From(IncidentContent c, IReadOnlyList<NamedRef> statements)
    {
        var f = new IncidentForm
        {
            Precision = c.Occurred.Precision,
            Year = c.Occurred.Year,
            EndYear = c.Occurred.EndYear,
            Month = c.Occurred.Month,
            Day = c.Occurred.Day,
            Time = c.Occurred.Time?.ToTimeSpan(),
            CategoryId = c.CategoryId,
            ActorId = c.ActorId,
            RegionId = c.RegionId,
            CampaignId = c.CampaignId,
            Settlement = c.Settlement,
            PollingStation = c.PollingStation,
            Statements = [.. c.StatementIds.Select(id => statements.FirstOrDefault(s => s.Id == id) ?? new NamedRef(id, id.ToString()))],
            Sources = [.. c.Sources.Select(s => new SourceForm
            {
                Kind = s.Kind,
                Url = s.Url,
                Title = s.Title,
                AccessedOn = s.AccessedOn?.ToDateTime(TimeOnly.MinValue),
                ArchiveUrl = s.ArchiveUrl,
            })],
        };
        foreach (var t in c.Translations)
        {
            f.Set(t.Culture, "Title", t.Title);
            f.Set(t.Culture, "Description", t.Description);
        }

        return f;
    }

    /// <summary>Only the parts of the date the precision needs are sent.</summary>
    public IncidentContent ToContent() => new()
    {
        Translations = [.. Cultures.All.Select(l => new IncidentTextContent(l, Get(l, "Title"), Get(l, "Description")))],
        Occurred = Occurred(),
        CategoryId = CategoryId,
        ActorId = ActorId,
        RegionId = RegionId,
        CampaignId = CampaignId,
        Settlement = Settlement,
        PollingStation = PollingStation,
        Sources = [.. Sources.Select(s => new SourceContent(s.Kind, s.Url ?? string.Empty, s.Title, s.AccessedOn is { } d ? DateOnly.FromDateTime(d) : null, s.ArchiveUrl))],
        StatementIds = [.. Statements.Select(s => s.Id)],
    };

    public FuzzyDate Occurred() => new()
    {
        Precision = Precision,
        Year = Precision == DatePrecision.Unknown ? null : Year,
        EndYear = Precision == DatePrecision.YearRange ? EndYear : null,
        Month = Precision >= DatePrecision.Month ? Month : null,
        Day = Precision >= DatePrecision.Day ? Day : null,
        Time = Precision == DatePrecision.Time && Time is { } t ? TimeOnly.FromTimeSpan(t) : null,
    };

    /// <summary>Same content as <paramref name="other"/> (whitespace at the ends aside, which the service trims).</summary>
    public override bool SameAs(IncidentForm other) => SameTexts(other) && Summary() == other.Summary();

    /// <summary>
    /// Each field that differs, as "theirs" (this, the server's) and "mine" (<paramref name="mine"/>): texts one by
    /// one, the rest (date, terms, place, sources, links) as one summary, so the conflict view stays readable.
    /// </summary>
    /// <param name="options">Names for the chosen terms; ids are compared when null.</param>
    /// <param name="textLabel">Label of a text field in a language, e.g. "Title · Қазақша".</param>
    /// <param name="otherLabel">Label for the summary of the other fields.</param>
    public List<ConflictField> Differences(IncidentForm mine, IncidentEditorOptions? options, Func<string, string, string> textLabel, string otherLabel)
    {
        var list = TextDifferences(mine, textLabel).ToList();
        var a = Summary(options);
        var b = mine.Summary(options);
        if (a != b)
            list.Add(new ConflictField(otherLabel, a, b));
        return list;
    }

    /// <summary>The non-text fields as plain lines, for comparing and for showing side by side.</summary>
    public string Summary(IncidentEditorOptions? options = null)
    {
        var date = Occurred();
        var lines = new List<string>
        {
            FuzzyDate.Validate(date) is null ? date.Display(Cultures.Current) : $"{Year}-{Month}-{Day} {Time} {EndYear}",
            string.Join(" · ", new[]
            {
                Name(CategoryId, options?.Categories),
                Name(ActorId, options?.Actors),
                RegionId is { } r ? options?.Regions.FirstOrDefault(x => x.Id == r)?.Name ?? r.ToString(CultureInfo.InvariantCulture) : "-",
                Name(CampaignId, options?.Campaigns),
            }),
            $"{Settlement?.Trim()} {PollingStation?.Trim()}".Trim(),
        };
        lines.AddRange(Sources.Select(s => $"{s.Kind}: {s.Url?.Trim()} {s.Title?.Trim()} {s.AccessedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {s.ArchiveUrl?.Trim()}".TrimEnd()));
        lines.AddRange(Statements.Select(s => s.Name));
        return string.Join("\n", lines);
    }

    private static string Name(Guid? id, IReadOnlyList<NamedRef>? names) =>
        id is not { } value ? "-" : names?.FirstOrDefault(n => n.Id == value)?.Name ?? value.ToString();

    protected internal override void Normalise()
    {
        Sources ??= [];
        Statements ??= [];
    }
}

public sealed class SourceForm
{
    public SourceKind Kind { get; set; }

    public string? Url { get; set; } = string.Empty;

    public string? Title { get; set; }

    public DateTime? AccessedOn { get; set; }

    public string? ArchiveUrl { get; set; }
}
