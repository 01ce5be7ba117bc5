using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using Baqylau.Local.Demo;
using Baqylau.Localization;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Tests.Statements;

/// <summary>Atom feeds, the sitemap, robots.txt and the public corrections log.</summary>
public class StatementSyndicationTests(BaqylauWebFactory factory) : IClassFixture<BaqylauWebFactory>
{
    private static readonly XNamespace Sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    private async Task<SyndicationFeed> FeedAsync(string url)
    {
        var response = await factory.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return SyndicationFeed.Load(reader);
    }

    [Theory]
    [InlineData("kk")]
    [InlineData("ru")]
    public async Task The_language_feed_holds_the_latest_statements_in_full(string lang)
    {
        var expected = await factory.QueryAsync(db => db.Statements.AsNoTracking()
            .Where(s => PublicHtml.PublicStatuses.Contains(s.Status) && s.Translations.Any(t => t.Culture == lang))
            .OrderByDescending(s => s.PublishedAt)
            .Select(s => new { s.PublicId, s.PublishedAt, Text = s.Translations.Single(t => t.Culture == lang) })
            .ToListAsync());

        var feed = await FeedAsync($"/{lang}/feed.atom");
        Assert.Equal(lang, feed.Language);
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri.AbsoluteUri == $"{PublicHtml.Origin}/{lang}/feed.atom");
        Assert.Equal(Math.Min(30, expected.Count), feed.Items.Count());
        Assert.Equal(expected.Take(30).Select(e => e.Text.Title), feed.Items.Select(i => i.Title.Text));

        var main = feed.Items.Single(i => i.Id == $"urn:baqylau:statement:{DemoIds.Statement20260708PublicId}:{lang}");
        var text = expected.Single(e => e.PublicId == DemoIds.Statement20260708PublicId).Text;
        Assert.Equal(text.Lead, main.Summary.Text);
        Assert.Equal(new DateTimeOffset(2026, 7, 8, 5, 0, 0, TimeSpan.Zero), main.PublishDate);
        Assert.Equal(lang == "kk" ? "«Еркіндік қанаты» қоғамдық қоры" : "Общественный фонд «Еркіндік канаты»", Assert.Single(main.Authors).Name);
        Assert.Equal($"{PublicHtml.Origin}/{lang}/statements/{text.Slug}", Assert.Single(main.Links, l => l.RelationshipType == "alternate").Uri.AbsoluteUri);

        var content = Assert.IsType<TextSyndicationContent>(main.Content);
        Assert.Equal("html", content.Type);
        var body = PublicHtml.Parse(content.Text);
        Assert.True(body.QuerySelectorAll("h2").Length >= 3);
        Assert.Empty(body.QuerySelectorAll("script, style, iframe"));
    }

    [Fact]
    public async Task A_campaign_feed_holds_only_that_campaigns_statements()
    {
        var kurultai = await factory.QueryAsync(db => db.StatementTranslations.AsNoTracking()
            .Where(t => t.Culture == "ru" && t.Statement!.CampaignId == DemoIds.Kurultai2026 && PublicHtml.PublicStatuses.Contains(t.Statement.Status))
            .Select(t => t.Slug).ToListAsync());

        var feed = await FeedAsync($"/ru/campaigns/{DemoIds.Kurultai2026Slug}/feed.atom");
        Assert.Contains("Выборы депутатов Курултая", feed.Title.Text, StringComparison.Ordinal);
        var slugs = feed.Items.Select(i => i.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsolutePath["/ru/statements/".Length..]).ToList();
        Assert.Equal(kurultai.Order(StringComparer.Ordinal), slugs.Order(StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync("/ru/campaigns/no-such-campaign/feed.atom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync("/en/feed.atom")).StatusCode);
    }

    [Fact]
    public async Task A_retracted_statement_is_marked_in_the_feed()
    {
        var retracted = await factory.QueryAsync(db => db.Statements.AsNoTracking().Include(s => s.Translations)
            .FirstAsync(s => s.Status == StatementStatus.Retracted));
        var feed = await FeedAsync("/ru/feed.atom");
        var item = feed.Items.Single(i => i.Id == $"urn:baqylau:statement:{retracted.PublicId}:ru");
        var html = ((TextSyndicationContent)item.Content).Text;
        Assert.Contains("Отозвано " + Datelines.Format(retracted.RetractedAt!.Value, "ru"), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sitemap_lists_every_public_url_with_its_language_alternates()
    {
        var statements = await factory.QueryAsync(db => db.Statements.AsNoTracking()
            .Select(s => new { s.Status, Texts = s.Translations.Select(t => new { t.Culture, t.Slug }).ToList() })
            .ToListAsync());

        var response = await factory.Client().GetAsync("/sitemap.xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var urls = doc.Root!.Elements(Sm + "url").ToDictionary(u => u.Element(Sm + "loc")!.Value);

        foreach (var page in new[] { "", "/statements", "/incidents", "/campaigns", "/corrections",
                     $"/campaigns/{DemoIds.Kurultai2026Slug}", $"/campaigns/{DemoIds.SecondCampaignSlug}",
                     $"/organisations/{DemoIds.ErkindikQanatySlug}", $"/organisations/{DemoIds.SecondOrganisationSlug}" })
        {
            foreach (var lang in Cultures.All)
                Assert.True(urls.ContainsKey($"{PublicHtml.Origin}/{lang}{page}"), $"{lang}{page}");
        }

        foreach (var s in statements)
        {
            foreach (var t in s.Texts)
            {
                var loc = $"{PublicHtml.Origin}/{t.Culture}/statements/{t.Slug}";
                if (!PublicHtml.PublicStatuses.Contains(s.Status))
                {
                    Assert.False(urls.ContainsKey(loc), $"unpublished {loc} is in the sitemap");
                    continue;
                }

                var url = urls[loc];
                Assert.NotNull(url.Element(Sm + "lastmod"));
                var alternates = url.Elements(Xhtml + "link").ToDictionary(l => l.Attribute("hreflang")!.Value, l => l.Attribute("href")!.Value);
                Assert.Equal(s.Texts.Count + 1, alternates.Count);
                foreach (var other in s.Texts)
                    Assert.Equal($"{PublicHtml.Origin}/{other.Culture}/statements/{other.Slug}", alternates[other.Culture]);
                Assert.True(alternates.ContainsKey("x-default"));
            }
        }
    }

    [Fact]
    public async Task Robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_staff_pages()
    {
        var text = await factory.Client().GetStringAsync("/robots.txt");
        Assert.Contains($"Sitemap: {PublicHtml.Origin}/sitemap.xml", text, StringComparison.Ordinal);
        Assert.Contains("Disallow: /workspace", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ru", "Исправление", "Отозвано")]
    [InlineData("kk", "Түзету", "Кері қайтарылды")]
    public async Task The_corrections_log_lists_every_correction_and_retraction_newest_first(string lang, string correctionLabel, string retractionLabel)
    {
        var changed = await factory.QueryAsync(db => db.Statements.AsNoTracking().Include(s => s.Translations)
            .Where(s => PublicHtml.PublicStatuses.Contains(s.Status)).ToListAsync());
        var expected = changed.SelectMany(s => s.Corrections.Select(c => (c.At, Kind: correctionLabel, Note: c.Note.In(lang), s)))
            .Concat(changed.Where(s => s.RetractedAt is not null).Select(s => (At: s.RetractedAt!.Value, Kind: retractionLabel, Note: s.RetractionReason.In(lang), s)))
            .OrderByDescending(e => e.At)
            .ToList();
        Assert.NotEmpty(expected);

        var doc = await factory.Client().GetDocumentAsync($"/{lang}/corrections");
        var entries = doc.QuerySelectorAll(".corrections-log__entry");
        Assert.Equal(expected.Count, entries.Length);
        for (var i = 0; i < expected.Count; i++)
        {
            var (at, kind, note, statement) = expected[i];
            Assert.Equal(kind, entries[i].QuerySelector(".badge")!.TextContent.Trim());
            Assert.Equal(Datelines.Format(at, lang), entries[i].QuerySelector("time")!.TextContent.Trim());
            Assert.Equal(note, entries[i].QuerySelector(".corrections-log__note")!.TextContent.Trim());
            var text = statement.Translation(lang) ?? statement.Translations[0];
            Assert.Equal($"/{text.Culture}/statements/{text.Slug}", entries[i].QuerySelector("a")!.GetAttribute("href"));
        }
    }
}
