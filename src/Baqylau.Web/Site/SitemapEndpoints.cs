using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Baqylau.Localization;
using Baqylau.Statements;
using Baqylau.Web.Statements;

namespace Baqylau.Web.Site;

/// <summary>/sitemap.xml (every public URL in both languages, with hreflang alternates) and /robots.txt pointing to it.</summary>
public static class SitemapEndpoints
{
    private static readonly XNamespace Sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>Public pages that exist in every language under the same path after the prefix.</summary>
    private static readonly string[] SitePages = [string.Empty, "/statements", "/incidents", "/campaigns", "/corrections"];

    public static IEndpointRouteBuilder MapSitemap(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sitemap.xml", SitemapAsync);
        endpoints.MapGet("/robots.txt", Robots);
        return endpoints;
    }

    private static async Task<IResult> SitemapAsync(HttpContext context, StatementQueries queries, Baqylau.Campaigns.CampaignPages campaigns, CancellationToken ct)
    {
        var origin = Origin(context.Request);
        var statements = await queries.SitemapAsync(ct);
        DateTimeOffset? latest = statements.Count > 0 ? statements.Max(s => s.LastModified) : null;

        var urls = new List<XElement>();
        // Campaign and organisation pages have one slug in both languages; they show statements, hence "latest".
        foreach (var page in SitePages.Concat(await campaigns.SitemapPathsAsync(ct)))
        {
            var versions = Cultures.All.Select(lang => (lang, $"/{lang}{page}")).ToList();
            foreach (var (_, path) in versions)
                urls.Add(Url(origin, path, versions, $"/{Cultures.Default}{page}", latest));
        }

        foreach (var s in statements)
        {
            var versions = s.Translations.Select(t => (t.Culture, StatementRouting.PathOf(t.Culture, t.Slug))).ToList();
            var xDefault = versions.FirstOrDefault(v => v.Culture == Cultures.Default).Item2 ?? versions[0].Item2;
            foreach (var (_, path) in versions)
                urls.Add(Url(origin, path, versions, xDefault, s.LastModified));
        }

        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Sm + "urlset", new XAttribute(XNamespace.Xmlns + "xhtml", Xhtml.NamespaceName), urls));
        var text = new StringBuilder();
        await using (var writer = new Utf8StringWriter(text))
            doc.Save(writer, System.Xml.Linq.SaveOptions.DisableFormatting);
        return Results.Text(text.ToString(), "application/xml; charset=utf-8", Encoding.UTF8);
    }

    private static XElement Url(string origin, string path, IReadOnlyList<(string Lang, string Path)> versions, string xDefault, DateTimeOffset? lastModified)
    {
        var url = new XElement(Sm + "url", new XElement(Sm + "loc", origin + path));
        if (lastModified is { } at)
            url.Add(new XElement(Sm + "lastmod", at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        foreach (var (lang, p) in versions)
            url.Add(Alternate(lang, origin + p));
        url.Add(Alternate("x-default", origin + xDefault));
        return url;
    }

    private static XElement Alternate(string lang, string href) =>
        new(Xhtml + "link", new XAttribute("rel", "alternate"), new XAttribute("hreflang", lang), new XAttribute("href", href));

    private static IResult Robots(HttpContext context)
    {
        var text = new StringBuilder()
            .Append("User-agent: *\n")
            .Append("Disallow: /workspace\n")
            .Append("Disallow: /account\n")
            .Append("Sitemap: ").Append(Origin(context.Request)).Append("/sitemap.xml\n")
            .ToString();
        return Results.Text(text, "text/plain; charset=utf-8", Encoding.UTF8);
    }

    private static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>XDocument writes the writer's encoding into the declaration; a StringWriter would say utf-16.</summary>
    private sealed class Utf8StringWriter(StringBuilder sb) : StringWriter(sb, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
