using System.Collections.Concurrent;
using Ganss.Xss;
using Markdig;

namespace Baqylau.Publishing;

/// <summary>
/// Markdown to safe HTML, the one way every statement body is shown: the public page, the feeds, the static
/// export and the editor's live preview all call this, so the preview shows exactly what readers will see.
/// Markdig renders; an allow-list sanitiser then removes anything executable.
/// </summary>
public sealed class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .UseListExtras()
        .DisableHtml() // raw HTML in Markdown is shown as text, not interpreted
        .Build();

    /// <summary>Most characters (Markdown and HTML together) the memo holds before it starts over.</summary>
    public const long MaxMemoChars = 16_000_000;

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    // Parsing and sanitising is the dearest step of a statement page. The result depends on the text alone, so it
    // is memoised by the text itself: an edited statement is a different key, and nothing can go stale.
    private readonly ConcurrentDictionary<string, string> _memo = new(StringComparer.Ordinal);
    private long _memoChars;

    public string ToSafeHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
            return string.Empty;
        if (_memo.TryGetValue(markdown, out var known))
            return known;
        var html = _sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
        var size = markdown.Length + html.Length;
        if (Interlocked.Add(ref _memoChars, size) > MaxMemoChars)
        {
            _memo.Clear();
            Interlocked.Exchange(ref _memoChars, size);
        }

        _memo[markdown] = html;
        return html;
    }

    /// <summary>Plain text of the Markdown (for descriptions, feeds' summaries and search snippets).</summary>
    public static string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? string.Empty : Markdown.ToPlainText(markdown, Pipeline).Trim();

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "sub", "sup",
                "blockquote", "q", "cite", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd", "a", "abbr",
                "table", "thead", "tbody", "tr", "th", "td", "caption", "figure", "figcaption",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "lang", "colspan", "rowspan", "start" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        };
        var sanitizer = new HtmlSanitizer(options);
        // Links leave the site without handing it the reader's trail.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } a && a.GetAttribute("href") is { } href
                && href.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                a.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        sanitizer.AllowedAttributes.Add("rel");
        return sanitizer;
    }
}
