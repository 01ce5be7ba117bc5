using System.Globalization;
using System.Text;

namespace Baqylau.Incidents;

/// <summary>
/// Filters of the public incident timeline. The same query-string parameters drive the page, the embed,
/// the API, the CSV and the Atom feed, so every filtered view is one shareable URL.
/// </summary>
public sealed record IncidentFilter
{
    public const string CampaignParam = "campaign";
    public const string OrganisationParam = "organisation";
    public const string CategoryParam = "category";
    public const string ActorParam = "actor";
    public const string RegionParam = "region";
    public const string FromParam = "from";
    public const string ToParam = "to";
    public const string StatusParam = "status";
    public const string QueryParam = "q";

    /// <summary>Longest search text kept; longer input is cut, not refused.</summary>
    public const int MaxQueryLength = 200;

    public static IReadOnlyList<string> ParameterNames { get; } =
        [CampaignParam, OrganisationParam, CategoryParam, ActorParam, RegionParam, FromParam, ToParam, StatusParam, QueryParam];

    public static IncidentFilter None { get; } = new();

    /// <summary>Campaign slug.</summary>
    public string? Campaign { get; init; }

    /// <summary>Organisation slug.</summary>
    public string? Organisation { get; init; }

    /// <summary>Category slug.</summary>
    public string? Category { get; init; }

    /// <summary>Actor slug.</summary>
    public string? Actor { get; init; }

    /// <summary>Region code.</summary>
    public string? Region { get; init; }

    /// <summary>First year: keeps incidents whose period ends in or after it.</summary>
    public int? FromYear { get; init; }

    /// <summary>Last year: keeps incidents whose period starts in or before it.</summary>
    public int? ToYear { get; init; }

    public VerificationStatus? Status { get; init; }

    /// <summary>Full-text search in either language.</summary>
    public string? Query { get; init; }

    public bool IsEmpty => this == None;

    /// <summary>
    /// Reads the filter leniently: a value that cannot be understood is dropped and its parameter name
    /// returned in <paramref name="invalid"/>, so the caller can say so (a page) or refuse (the API).
    /// A reversed year range is swapped rather than refused.
    /// </summary>
    public static IncidentFilter Parse(Func<string, string?> value, out IReadOnlyList<string> invalid)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bad = new List<string>();

        string? Slug(string name)
        {
            var v = value(name)?.Trim();
            if (string.IsNullOrEmpty(v))
                return null;
            if (IsSlug(v))
                return v;
            bad.Add(name);
            return null;
        }

        int? Year(string name)
        {
            var v = value(name)?.Trim();
            if (string.IsNullOrEmpty(v))
                return null;
            if (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= FuzzyDate.MinYear and <= FuzzyDate.MaxYear)
                return y;
            bad.Add(name);
            return null;
        }

        VerificationStatus? Status()
        {
            var v = value(StatusParam)?.Trim();
            if (string.IsNullOrEmpty(v))
                return null;
            // Names only: Enum.TryParse would also take "1" or "99".
            if (v.All(char.IsAsciiLetter) && Enum.TryParse<VerificationStatus>(v, ignoreCase: true, out var s) && Enum.IsDefined(s))
                return s;
            bad.Add(StatusParam);
            return null;
        }

        var from = Year(FromParam);
        var to = Year(ToParam);
        if (from > to)
            (from, to) = (to, from);

        var filter = new IncidentFilter
        {
            Campaign = Slug(CampaignParam),
            Organisation = Slug(OrganisationParam),
            Category = Slug(CategoryParam),
            Actor = Slug(ActorParam),
            Region = Slug(RegionParam),
            FromYear = from,
            ToYear = to,
            Status = Status(),
            Query = CleanQuery(value(QueryParam)),
        };
        invalid = bad;
        return filter;
    }

    /// <summary>The filter as query-string pairs, in a fixed order, empty values left out.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToQuery()
    {
        if (Campaign is not null)
            yield return new(CampaignParam, Campaign);
        if (Organisation is not null)
            yield return new(OrganisationParam, Organisation);
        if (Category is not null)
            yield return new(CategoryParam, Category);
        if (Actor is not null)
            yield return new(ActorParam, Actor);
        if (Region is not null)
            yield return new(RegionParam, Region);
        if (FromYear is { } from)
            yield return new(FromParam, from.ToString(CultureInfo.InvariantCulture));
        if (ToYear is { } to)
            yield return new(ToParam, to.ToString(CultureInfo.InvariantCulture));
        if (Status is { } status)
            yield return new(StatusParam, status.ToString().ToLowerInvariant());
        if (Query is not null)
            yield return new(QueryParam, Query);
    }

    /// <summary>"?campaign=kurultai-2026&amp;q=…" (URL-encoded), or "" without filters; extra pairs (a cursor) go last.</summary>
    public string ToQueryString(params KeyValuePair<string, string>[] extra)
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in ToQuery().Concat(extra))
        {
            sb.Append(sb.Length == 0 ? '?' : '&').Append(k).Append('=').Append(Uri.EscapeDataString(v));
        }

        return sb.ToString();
    }

    public static bool IsSlug(string text) =>
        text.Length is >= 1 and <= 100 && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static string? CleanQuery(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        // Collapse whitespace and drop control characters: the text goes into links and feeds.
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(c => !char.IsControl(c)).ToArray()))
            .Where(w => w.Length > 0);
        var clean = string.Join(' ', words);
        if (clean.Length > MaxQueryLength)
            clean = clean[..MaxQueryLength].TrimEnd();
        return clean.Length == 0 ? null : clean;
    }
}
