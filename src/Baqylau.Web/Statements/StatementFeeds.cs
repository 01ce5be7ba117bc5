using System.Globalization;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Baqylau.Localization;
using Baqylau.Publishing;
using Baqylau.Statements;
using Baqylau.Web.Caching;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Statements;

/// <summary>
/// Atom feeds of statements: /{lang}/feed.atom and /{lang}/campaigns/{slug}/feed.atom. Feeds are how readers
/// keep up when the site is blocked (a mirror or a feed reader carries them), so each entry holds the full text.
/// </summary>
public static class StatementFeeds
{
    public const int EntryCount = 30;

    public static IEndpointRouteBuilder MapStatementFeeds(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{lang}/feed.atom", LanguageFeedAsync);
        endpoints.MapGet("/{lang}/campaigns/{slug}/feed.atom", CampaignFeedAsync);
        return endpoints;
    }

    private static async Task<IResult> LanguageFeedAsync(
        string lang, HttpContext context, StatementQueries queries, MarkdownRenderer markdown,
        IStringLocalizer<PublicStrings> p, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (!IsLanguage(lang))
            return Results.NotFound();
        var entries = await queries.FeedAsync(lang, null, EntryCount, ct);
        var title = string.Format(CultureInfo.CurrentCulture, p["Feed_Title"], l["Site_Name"]);
        return Atom(context, lang, title, $"/{lang}/statements", entries, markdown, p);
    }

    private static async Task<IResult> CampaignFeedAsync(
        string lang, string slug, HttpContext context, StatementQueries queries, MarkdownRenderer markdown,
        IStringLocalizer<PublicStrings> p, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (!IsLanguage(lang) || await queries.CampaignAsync(lang, slug, ct) is not { } campaign)
            return Results.NotFound();
        PublicOutputCache.Tag(context, [PublicOutputCache.CampaignTag(campaign.Id)]);
        var entries = await queries.FeedAsync(lang, campaign.Id, EntryCount, ct);
        var title = string.Format(CultureInfo.CurrentCulture, p["Feed_CampaignTitle"], l["Site_Name"], campaign.Title);
        return Atom(context, lang, title, $"/{lang}/statements?campaign={Uri.EscapeDataString(campaign.Slug)}", entries, markdown, p);
    }

    private static bool IsLanguage(string lang) => Cultures.IsSupported(lang) && string.Equals(lang, lang.ToLowerInvariant(), StringComparison.Ordinal);

    private static IResult Atom(HttpContext context, string lang, string title, string htmlPath, IReadOnlyList<FeedEntry> entries, MarkdownRenderer markdown, IStringLocalizer<PublicStrings> p)
    {
        var request = context.Request;
        var origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var self = origin + request.Path;
        var feed = new SyndicationFeed
        {
            Id = self,
            Title = new TextSyndicationContent(title),
            Language = lang,
            // An empty feed still needs a date: the epoch says "nothing yet" without inventing activity.
            LastUpdatedTime = entries.Count > 0 ? entries.Max(e => e.UpdatedAt) : DateTimeOffset.UnixEpoch,
            Generator = "Baqylau",
        };
        feed.Links.Add(new SyndicationLink(new Uri(self), "self", title, "application/atom+xml", 0));
        feed.Links.Add(new SyndicationLink(new Uri(origin + htmlPath), "alternate", title, "text/html", 0));
        feed.Items = entries.Select(e => Entry(e, lang, origin, markdown, p)).ToList();

        var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }

        return Results.Bytes(buffer.ToArray(), "application/atom+xml; charset=utf-8");
    }

    private static SyndicationItem Entry(FeedEntry e, string lang, string origin, MarkdownRenderer markdown, IStringLocalizer<PublicStrings> p)
    {
        var url = origin + StatementRouting.PathOf(lang, e.Slug);
        var html = new StringBuilder();
        if (e.Status == StatementStatus.Retracted)
        {
            var note = string.Format(CultureInfo.CurrentCulture, p["Feed_RetractedNote"],
                Datelines.Format(e.RetractedAt ?? e.UpdatedAt, lang), e.RetractionReason ?? string.Empty);
            html.Append("<p><strong>").Append(WebUtility.HtmlEncode(note)).Append("</strong></p>");
        }

        html.Append(markdown.ToSafeHtml(e.BodyMarkdown));
        var item = new SyndicationItem
        {
            // The public id never changes, unlike the slug: a renamed statement stays one entry in readers.
            Id = $"urn:baqylau:statement:{e.PublicId}:{lang}",
            Title = new TextSyndicationContent(e.Title),
            Summary = new TextSyndicationContent(e.Lead),
            Content = new TextSyndicationContent(html.ToString(), TextSyndicationContentKind.Html),
            PublishDate = e.PublishedAt,
            LastUpdatedTime = e.UpdatedAt,
        };
        item.Authors.Add(new SyndicationPerson { Name = e.OrganisationName, Uri = SafeHttpUrl(e.OrganisationUrl) });
        item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(url), "text/html"));
        if (e.Rubric is not null)
            item.Categories.Add(new SyndicationCategory(e.Rubric));
        foreach (var tag in e.Tags)
            item.Categories.Add(new SyndicationCategory(tag));
        return item;
    }

    private static string? SafeHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;
}
