using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Baqylau.Publishing;

namespace Baqylau.Tests.Publishing;

/// <summary>
/// Statement bodies are typed by staff accounts, and an account can be taken over: nothing in a body may execute
/// in a reader's browser. Every case goes through the one renderer the pages, feeds and preview use.
/// </summary>
public class MarkdownXssTests
{
    private static readonly MarkdownRenderer Renderer = new();

    private static readonly string[] ForbiddenElements =
        ["script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base", "link", "meta",
         "form", "input", "button", "textarea", "select", "img", "video", "audio", "source", "template", "noscript"];

    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "srcset", "poster", "background", "ping"];

    private static readonly string[] Cases =
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<div onclick=\"alert(1)\" onmouseover=alert(2)>hover</div>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<scr<script>ipt>alert(1)</script>",
        "<<script>alert(1);//<</script>",
        "<a href=\"javascript:alert(1)\"",
        "<img src=\"x\" onerror=\"alert(1)\"",
        "<!--<script>alert(1)</script>-->",
        "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<form action=\"javascript:alert(1)\"><button>go</button></form>",
        "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<details open ontoggle=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](jav&#x09;ascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x]( javascript:alert(1) )",
        "[x](<javascript:alert(1)>)",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox(1))",
        "[x](file:///etc/passwd)",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "![x](javascript:alert(1))",
        "![x](x \"onerror=alert(1)\")",
        "![x\" onerror=\"alert(1)](https://example.org/a.png)",
        "[a](https://example.org \"\\\" onmouseover=\\\"alert(1)\")",
        "**<script>alert(1)</script>**",
        "> <iframe src=javascript:alert(1)>",
        "| a |\n|---|\n| <script>alert(1)</script> |",
        "```html\n<script>alert(1)</script>\n```",
        "`<img src=x onerror=alert(1)>`",
        "www.example.org/<script>alert(1)</script>",
        "https://example.org/\"onmouseover=\"alert(1)",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
        "<a href=\"\u0001javascript:alert(1)\">x</a>",
        "[x](\u0001javascript:alert(1))",
        "[x](java\nscript:alert(1))",
        "<", "<a", "<a href=", "<img", "<scri", "</", "<!--", "<![CDATA[", "<svg", "[x](", "[x](javascript:",
    ];

    public static TheoryData<string> Corpus => new(Cases);

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Nothing_executable_survives(string markdown)
    {
        var html = Renderer.ToSafeHtml(markdown);
        AssertInert(html);
    }

    [Fact]
    public void The_whole_corpus_in_one_body_is_inert_too()
    {
        // Cases interact: an unclosed tag in one may swallow the next.
        var html = Renderer.ToSafeHtml(string.Join("\n\n", Cases));
        AssertInert(html);
    }

    [Fact]
    public void Ordinary_news_markdown_keeps_its_structure()
    {
        var html = Renderer.ToSafeHtml("""
            ## Шешімнің мәні

            > «Бұл шешім оңай болған жоқ», — деді төраға.

            - бірінші;
            - **екінші**, [заң](https://adilet.zan.kz/kaz) және <mailto:info@example.org>
            """);
        var doc = Parse(html);
        Assert.NotNull(doc.QuerySelector("h2"));
        Assert.NotNull(doc.QuerySelector("blockquote"));
        Assert.Equal(2, doc.QuerySelectorAll("li").Length);
        var link = doc.QuerySelector("a[href='https://adilet.zan.kz/kaz']");
        Assert.NotNull(link);
        Assert.Contains("noopener", link!.GetAttribute("rel"), StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("a[href='mailto:info@example.org']"));
    }

    [Fact]
    public void The_memo_gives_each_text_its_own_inert_html_every_time()
    {
        // The second call of each text comes from the memo; it must be the same safe HTML, never another text's.
        var renderer = new MarkdownRenderer();
        var first = Cases.Select(renderer.ToSafeHtml).ToList();
        var again = Cases.Select(renderer.ToSafeHtml).ToList();
        Assert.Equal(first, again);
        foreach (var html in again)
            AssertInert(html);
        Assert.Equal(new MarkdownRenderer().ToSafeHtml("**bold**"), renderer.ToSafeHtml("**bold**"));
        Assert.NotEqual(renderer.ToSafeHtml("**one**"), renderer.ToSafeHtml("**two**"));
    }

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument($"<!DOCTYPE html><html><body>{html}</body></html>");

    private static void AssertInert(string html)
    {
        var doc = Parse(html);
        var body = doc.Body!;
        foreach (var name in ForbiddenElements)
            Assert.True(body.QuerySelectorAll(name).Length == 0, $"<{name}> survived in: {html}");
        foreach (var element in body.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{attribute.Name} survived in: {html}");
                Assert.False(string.Equals(attribute.Name, "style", StringComparison.OrdinalIgnoreCase), $"style survived in: {html}");
                if (UrlAttributes.Contains(attribute.Name, StringComparer.OrdinalIgnoreCase))
                    Assert.True(IsSafeUrl(attribute.Value), $"{attribute.Name}=\"{attribute.Value}\" survived in: {html}");
            }
        }

        // Comments can carry conditional-comment payloads for old engines; none should reach the page.
        Assert.Empty(body.Descendants<IComment>());
    }

    /// <summary>
    /// The scheme as a browser reads it (WHATWG URL parsing: leading/trailing C0 controls and spaces trimmed, tabs
    /// and newlines removed anywhere). Relative URLs have no scheme and are fine.
    /// </summary>
    private static bool IsSafeUrl(string value)
    {
        var cleaned = new string(value.Trim('\u0000', '\u0001', '\u0002', '\u0003', '\u0004', '\u0005', '\u0006', '\u0007', '\b', '\t', '\n', '\v', '\f', '\r',
                '\u000e', '\u000f', '\u0010', '\u0011', '\u0012', '\u0013', '\u0014', '\u0015', '\u0016', '\u0017', '\u0018', '\u0019', '\u001a',
                '\u001b', '\u001c', '\u001d', '\u001e', '\u001f', ' ')
            .Where(c => c is not ('\t' or '\n' or '\r')).ToArray());
        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            return true;
        var scheme = cleaned[..colon];
        // A "scheme" with characters a scheme cannot have is a path or query ("/a:b", "?x=a:b"): relative.
        if (scheme.Length == 0 || !char.IsAsciiLetter(scheme[0]) || !scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            return true;
        return scheme.ToLowerInvariant() is "http" or "https" or "mailto";
    }
}
