using Baqylau.Common;
using Baqylau.Incidents;

namespace Baqylau.Web.Incidents;

/// <summary>
/// The filter and page position of a timeline URL, read the same way by the page, the embed, the API, the CSV
/// and the feed. Values that cannot be understood are listed in <see cref="Invalid"/> instead of throwing.
/// </summary>
public sealed record TimelineRequest(IncidentFilter Filter, KeysetCursor? After, IReadOnlyList<string> Invalid)
{
    /// <summary>Query parameter of the keyset cursor ("the page after this row").</summary>
    public const string AfterParam = "after";

    /// <param name="cursorParam">"after" on pages, "cursor" in the API.</param>
    public static TimelineRequest Read(IQueryCollection query, string cursorParam = AfterParam)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Repeated parameters (?region=a&region=b) are not a list here: the first value counts.
        string? First(string name) => query.TryGetValue(name, out var v) ? v.FirstOrDefault() : null;
        var filter = IncidentFilter.Parse(First, out var invalid);
        var list = invalid.ToList();
        KeysetCursor? after = null;
        var afterText = First(cursorParam);
        if (!string.IsNullOrEmpty(afterText))
        {
            if (KeysetCursor.TryDecode(afterText, out var cursor))
                after = cursor;
            else
                list.Add(cursorParam);
        }

        return new TimelineRequest(filter, after, list);
    }

    /// <summary>
    /// The same query without empty parameters (an HTML form sends every field, "?campaign=&amp;q="), or null
    /// when nothing would change: the page redirects there so shared links stay short.
    /// </summary>
    public static string? WithoutEmptyValues(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!query.Any(p => p.Value.All(string.IsNullOrWhiteSpace)))
            return null;
        var kept = query.Where(p => !p.Value.All(string.IsNullOrWhiteSpace))
            .SelectMany(p => p.Value.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v!)}"));
        var text = string.Join('&', kept);
        return text.Length == 0 ? string.Empty : "?" + text;
    }
}
