using System.Net;
using Baqylau.Local.Demo;
using Baqylau.Localization;
using Baqylau.Statements;
using Baqylau.Web.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Statements;

public class StatementPageTests(BaqylauWebFactory factory) : IClassFixture<BaqylauWebFactory>
{
    private const string Kk = DemoIds.Statement20260708SlugKk;
    private const string Ru = DemoIds.Statement20260708SlugRu;

    [Theory]
    [InlineData("kk", Kk, "8 шілде 2026 жыл, 10:00", "Оқи отырыңыз", "Мәлімдемелер", "«Еркіндік қанаты» қоғамдық қоры")]
    [InlineData("ru", Ru, "8 июля 2026, 10:00", "Читайте также", "Заявления", "Общественный фонд «Еркіндік канаты»")]
    public async Task The_worked_example_reads_as_a_news_page(string lang, string slug, string dateline, string readAlso, string rubric, string organisation)
    {
        var main = await factory.QueryAsync(db => db.StatementTranslations.AsNoTracking()
            .SingleAsync(t => t.StatementId == DemoIds.Statement20260708 && t.Culture == lang));
        var response = await factory.Client().GetAsync($"/{lang}/statements/{slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("_framework/blazor.web", html, StringComparison.Ordinal);
        var doc = PublicHtml.Parse(html);

        var article = doc.QuerySelector("article.statement")!;
        Assert.Equal(rubric, article.QuerySelector(".kicker")!.TextContent.Trim());
        Assert.Equal(main.Title, article.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(dateline, article.QuerySelector(".dateline time")!.TextContent.Trim());
        Assert.Equal(main.Lead, article.QuerySelector(".statement__lead")!.TextContent.Trim());
        Assert.True(article.QuerySelectorAll(".statement__body h2").Length >= 3, "subheadings of the body");
        Assert.NotNull(article.QuerySelector(".statement__body blockquote"));

        var readAlsoBlock = article.QuerySelector(".read-also")!;
        Assert.Equal(readAlso, readAlsoBlock.QuerySelector("h2")!.TextContent.Trim());
        var links = readAlsoBlock.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(3, links.Count);
        Assert.All(links, href => Assert.StartsWith($"/{lang}/statements/", href, StringComparison.Ordinal));
        foreach (var href in links)
            Assert.Equal(HttpStatusCode.OK, (await factory.Client().GetAsync(href)).StatusCode);

        var footer = article.QuerySelector(".statement__footer")!;
        Assert.Contains($"/{lang}/statements?rubric=statements", footer.InnerHtml, StringComparison.Ordinal);
        Assert.Contains($"/{lang}/statements?campaign={DemoIds.Kurultai2026Slug}", footer.InnerHtml, StringComparison.Ordinal);
        Assert.Equal(4, footer.QuerySelectorAll("a.tag").Length);

        var org = doc.QuerySelector(".org-footer")!;
        Assert.Equal(organisation, org.QuerySelector("h2")!.TextContent.Trim());
        Assert.NotNull(org.QuerySelector($"a[href='/{lang}/statements?organisation={DemoIds.ErkindikQanatySlug}']"));
        Assert.Null(doc.QuerySelector(".statement__corrections"));
    }

    [Fact]
    public async Task The_head_names_the_real_slugs_and_describes_the_article()
    {
        var doc = await factory.Client().GetDocumentAsync($"/ru/statements/{Ru}");
        var canonical = doc.QuerySelectorAll("link[rel='canonical']");
        Assert.Single(canonical);
        Assert.Equal($"{PublicHtml.Origin}/ru/statements/{Ru}", canonical[0].GetAttribute("href"));
        Assert.Equal($"{PublicHtml.Origin}/kk/statements/{Kk}", doc.Hreflang("kk"));
        Assert.Equal($"{PublicHtml.Origin}/ru/statements/{Ru}", doc.Hreflang("ru"));
        Assert.Equal($"{PublicHtml.Origin}/kk/statements/{Kk}", doc.Hreflang("x-default"));
        Assert.Equal(3, doc.QuerySelectorAll("link[rel='alternate'][hreflang]").Length);

        var title = doc.QuerySelector("h1")!.TextContent.Trim();
        var lead = doc.QuerySelector(".statement__lead")!.TextContent.Trim();
        Assert.StartsWith(title, doc.Title, StringComparison.Ordinal);
        // The lead, cut at a word when it is longer than a description should be.
        var description = doc.Meta("description")!;
        Assert.InRange(description.Length, 100, 301);
        Assert.StartsWith(description.TrimEnd('…'), lead, StringComparison.Ordinal);
        Assert.Equal("article", doc.Meta("og:type"));
        Assert.Equal(title, doc.Meta("og:title"));
        Assert.Equal(description, doc.Meta("og:description"));
        Assert.Equal($"{PublicHtml.Origin}/ru/statements/{Ru}", doc.Meta("og:url"));
        Assert.Equal("ru_RU", doc.Meta("og:locale"));
        Assert.Equal("kk_KZ", doc.Meta("og:locale:alternate"));
        Assert.Equal("2026-07-08T05:00:00Z", doc.Meta("article:published_time"));
        Assert.Null(doc.Meta("og:image"));
        Assert.Equal("summary", doc.Meta("twitter:card"));
        Assert.Equal(title, doc.Meta("twitter:title"));

        var feeds = doc.QuerySelectorAll("link[rel='alternate'][type='application/atom+xml']").Select(l => l.GetAttribute("href")).ToList();
        Assert.Contains($"{PublicHtml.Origin}/ru/feed.atom", feeds);
        Assert.Contains($"{PublicHtml.Origin}/ru/campaigns/{DemoIds.Kurultai2026Slug}/feed.atom", feeds);
    }

    [Theory]
    [InlineData("/kk")]
    [InlineData("/ru/statements")]
    [InlineData("/kk/corrections")]
    [InlineData("/ru/incidents")]
    public async Task Every_public_page_has_exactly_one_canonical_and_its_feed(string url)
    {
        var doc = await factory.Client().GetDocumentAsync(url);
        Assert.Single(doc.QuerySelectorAll("link[rel='canonical']"));
        Assert.Equal(PublicHtml.Origin + url, doc.QuerySelector("link[rel='canonical']")!.GetAttribute("href"));
        Assert.Equal(3, doc.QuerySelectorAll("link[rel='alternate'][hreflang]").Length);
        // The language's statement feed on every page (the timeline adds its own incident feed), never twice.
        var feeds = doc.QuerySelectorAll("link[rel='alternate'][type='application/atom+xml']").Select(l => l.GetAttribute("href")).ToList();
        Assert.Single(feeds, f => f == $"{PublicHtml.Origin}/{url[1..3]}/feed.atom");
        Assert.Equal(feeds.Count, feeds.Distinct().Count());
    }

    [Theory]
    [InlineData("kk", Kk, "ru", Ru)]
    [InlineData("ru", Ru, "kk", Kk)]
    public async Task The_language_switch_keeps_the_reader_on_the_same_statement(string lang, string slug, string other, string otherSlug)
    {
        var doc = await factory.Client().GetDocumentAsync($"/{lang}/statements/{slug}");
        // The page's own switch replaces the layout's, which would link the other language under this slug.
        Assert.Single(doc.QuerySelectorAll(".lang-switch"));
        var switchHref = doc.QuerySelector($".lang-switch a[hreflang='{other}']")!.GetAttribute("href");
        Assert.Equal($"/{other}/statements/{otherSlug}", switchHref);
        Assert.Equal(HttpStatusCode.OK, (await factory.Client().GetAsync(switchHref)).StatusCode);

        // A link made by swapping the prefix (an old bookmark, a hand-edited address) still lands on the text.
        var response = await factory.Client().GetAsync($"/{other}/statements/{slug}");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"/{other}/statements/{otherSlug}", response.LocationPath());
    }

    [Fact]
    public async Task Drafts_and_statements_in_review_are_not_public()
    {
        var hidden = await factory.QueryAsync(db => db.StatementTranslations.AsNoTracking()
            .Where(t => t.Statement!.Status == StatementStatus.Draft || t.Statement.Status == StatementStatus.InReview)
            .Select(t => new { t.Culture, t.Slug }).ToListAsync());
        Assert.NotEmpty(hidden);
        foreach (var t in hidden)
        {
            foreach (var lang in Cultures.All)
            {
                var response = await factory.Client().GetAsync($"/{lang}/statements/{t.Slug}");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }
    }

    [Theory]
    [InlineData("/kk/statements/no-such-statement", "Бет табылмады")]
    [InlineData("/ru/statements/no-such-statement", "Страница не найдена")]
    [InlineData("/en/statements/" + Kk, "Бет табылмады")]
    public async Task An_unknown_slug_is_the_localised_404(string url, string text)
    {
        var response = await factory.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(text, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statement_without_this_language_says_so_and_links_the_other()
    {
        var kkOnly = await factory.QueryAsync(db => db.Statements.AsNoTracking()
            .Where(s => PublicHtml.PublicStatuses.Contains(s.Status) && s.Translations.Count == 1 && s.Translations.Any(t => t.Culture == "kk"))
            .Select(s => s.Translations.Single())
            .FirstAsync());

        var doc = await factory.Client().GetDocumentAsync($"/ru/statements/{kkOnly.Slug}");
        Assert.Contains("нет текста на русском языке", doc.QuerySelector(".statement-missing")!.TextContent, StringComparison.Ordinal);
        var link = doc.QuerySelector($".statement-missing a[href='/kk/statements/{kkOnly.Slug}']");
        Assert.NotNull(link);
        Assert.Equal("Читать на казахском языке", link!.TextContent.Trim());
        Assert.Equal("kk", doc.QuerySelector(".statement-missing h1")!.GetAttribute("lang"));
        Assert.Equal("noindex", doc.Meta("robots"));
        Assert.Equal($"{PublicHtml.Origin}/kk/statements/{kkOnly.Slug}", doc.QuerySelector("link[rel='canonical']")!.GetAttribute("href"));
        Assert.Null(doc.Hreflang("ru"));
        Assert.Equal($"{PublicHtml.Origin}/kk/statements/{kkOnly.Slug}", doc.Hreflang("kk"));
        Assert.Null(doc.QuerySelector(".statement__body"));

        // The Kazakh page lists only the Kazakh alternate.
        var kk = await factory.Client().GetDocumentAsync($"/kk/statements/{kkOnly.Slug}");
        Assert.Null(kk.Hreflang("ru"));
        Assert.Null(kk.Meta("og:locale:alternate"));
        // Its switch leads each way to the statement: Kazakh by its slug, Russian to the page that says it is missing.
        Assert.Equal($"/ru/statements/{kkOnly.Slug}", kk.QuerySelector(".lang-switch a[hreflang='ru']")!.GetAttribute("href"));
        Assert.Equal($"/kk/statements/{kkOnly.Slug}", doc.QuerySelector(".lang-switch a[hreflang='kk']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Corrections_are_shown_on_the_page_with_their_dates()
    {
        var corrected = await factory.QueryAsync(db => db.Statements.AsNoTracking().Include(s => s.Translations)
            .FirstAsync(s => s.Status == StatementStatus.Corrected));
        var correction = Assert.Single(corrected.Corrections);
        var ru = corrected.Translation("ru")!;

        var doc = await factory.Client().GetDocumentAsync($"/ru/statements/{ru.Slug}");
        Assert.NotNull(doc.QuerySelector(".statement__corrected a[href='#corrections']"));
        var block = doc.QuerySelector("#corrections")!;
        Assert.Equal("Исправления", block.QuerySelector("h2")!.TextContent.Trim());
        Assert.Equal(Datelines.Format(correction.At, "ru"), block.QuerySelector("time")!.TextContent.Trim());
        Assert.Contains(correction.Note.Ru, block.TextContent, StringComparison.Ordinal);
        Assert.Contains("Обновлено: " + Datelines.Format(correction.At, "ru"), doc.QuerySelector(".dateline")!.TextContent, StringComparison.Ordinal);

        var kk = await factory.Client().GetDocumentAsync($"/kk/statements/{corrected.Translation("kk")!.Slug}");
        Assert.Equal("Түзетулер", kk.QuerySelector("#corrections h2")!.TextContent.Trim());
        Assert.Contains(correction.Note.Kk, kk.QuerySelector("#corrections")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retracted_statement_stays_reachable_with_its_dated_notice_and_reason()
    {
        var retracted = await factory.QueryAsync(db => db.Statements.AsNoTracking().Include(s => s.Translations)
            .FirstAsync(s => s.Status == StatementStatus.Retracted));

        foreach (var (lang, heading) in new[] { ("kk", "Мәлімдеме кері қайтарылды: "), ("ru", "Заявление отозвано ") })
        {
            var doc = await factory.Client().GetDocumentAsync($"/{lang}/statements/{retracted.Translation(lang)!.Slug}");
            var notice = doc.QuerySelector(".statement__retraction")!;
            Assert.Contains(heading + Datelines.Format(retracted.RetractedAt!.Value, lang), notice.TextContent, StringComparison.Ordinal);
            Assert.Contains(retracted.RetractionReason[lang], notice.TextContent, StringComparison.Ordinal);
            Assert.NotNull(doc.QuerySelector("article.statement--retracted .statement__body"));
        }
    }

    [Fact]
    public async Task An_old_slug_answers_301_to_the_new_one_after_a_title_change()
    {
        var id = await factory.QueryAsync(db => db.Statements.AsNoTracking()
            .Where(s => s.Status == StatementStatus.Published && s.Id != DemoIds.Statement20260708 && s.Translations.Count == 2)
            .OrderBy(s => s.PublishedAt).Select(s => s.Id).FirstAsync());
        var before = await factory.QueryAsync(db => db.StatementTranslations.AsNoTracking().Where(t => t.StatementId == id).ToListAsync());
        var oldRu = before.Single(t => t.Culture == "ru").Slug;
        var kkSlug = before.Single(t => t.Culture == "kk").Slug;
        Assert.Equal(HttpStatusCode.OK, (await factory.Client().GetAsync($"/ru/statements/{oldRu}")).StatusCode);

        const string newTitle = "Новый заголовок после правки редактора";
        var newRu = Slugs.Slugify(newTitle);
        await factory.ChangeStatementAsync(id, async (db, statement) =>
        {
            var ru = statement.Translation("ru")!;
            await new StatementSlugs(db, TimeProvider.System).RecordChangeAsync(id, "ru", ru.Slug, newRu);
            ru.Title = newTitle;
            ru.Slug = newRu;
        });

        var moved = await factory.Client().GetAsync($"/ru/statements/{oldRu}?utm_source=mail");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal($"/ru/statements/{newRu}?utm_source=mail", moved.LocationPath());
        var doc = await factory.Client().GetDocumentAsync($"/ru/statements/{newRu}");
        Assert.Equal(newTitle, doc.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal($"{PublicHtml.Origin}/ru/statements/{newRu}", doc.Hreflang("ru"));

        // The Kazakh page's alternate follows, and an old Russian slug under /kk lands on the Kazakh text.
        Assert.Equal($"{PublicHtml.Origin}/ru/statements/{newRu}", (await factory.Client().GetDocumentAsync($"/kk/statements/{kkSlug}")).Hreflang("ru"));
        var crossed = await factory.Client().GetAsync($"/kk/statements/{oldRu}");
        Assert.Equal(HttpStatusCode.MovedPermanently, crossed.StatusCode);
        Assert.Equal($"/kk/statements/{kkSlug}", crossed.LocationPath());
    }

    [Fact]
    public async Task The_hero_photo_is_served_responsively_when_its_files_exist()
    {
        var media = factory.Services.GetRequiredService<StatementMedia>();
        Directory.CreateDirectory(media.Folder);
        var name = $"hero{Guid.NewGuid():N}"[..20];
        await File.WriteAllBytesAsync(Path.Combine(media.Folder, name + ".jpg"), [0xFF, 0xD8, 0xFF, 0xD9]);
        foreach (var width in StatementMedia.Widths)
            await File.WriteAllBytesAsync(Path.Combine(media.Folder, StatementMedia.VariantName(name + ".jpg", width)), "RIFF\0\0\0\0WEBP"u8.ToArray());

        // The files alone are not public: no public statement shows them yet.
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync($"/media/statements/{name}-640.webp")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync($"/media/statements/{name}.jpg")).StatusCode);

        var id = await factory.QueryAsync(db => db.Statements.AsNoTracking()
            .Where(s => s.Status == StatementStatus.Published && s.Id != DemoIds.Statement20260708 && s.Translations.Count == 2)
            .OrderByDescending(s => s.PublishedAt).Select(s => s.Id).FirstAsync());
        string? slug = null;
        await factory.ChangeStatementAsync(id, (_, statement) =>
        {
            statement.PhotoPath = name + ".jpg";
            var kk = statement.Translation("kk")!;
            kk.PhotoCaption = "Сайлау учаскесі, 2026 жыл. Фото: қор";
            kk.PhotoAlt = "Бос сайлау учаскесі";
            slug = kk.Slug;
            return Task.CompletedTask;
        });

        var doc = await factory.Client().GetDocumentAsync($"/kk/statements/{slug}");
        var img = doc.QuerySelector(".statement__photo img")!;
        Assert.Equal($"/media/statements/{name}-1280.webp", img.GetAttribute("src"));
        Assert.Equal($"/media/statements/{name}-640.webp 640w, /media/statements/{name}-1280.webp 1280w", img.GetAttribute("srcset"));
        Assert.NotNull(img.GetAttribute("sizes"));
        Assert.Equal("Бос сайлау учаскесі", img.GetAttribute("alt"));
        Assert.Equal("Сайлау учаскесі, 2026 жыл. Фото: қор", doc.QuerySelector(".statement__photo figcaption")!.TextContent.Trim());
        Assert.Equal($"{PublicHtml.Origin}/media/statements/{name}-1280.webp", doc.Meta("og:image"));
        Assert.Equal("summary_large_image", doc.Meta("twitter:card"));

        var file = await factory.Client().GetAsync($"/media/statements/{name}-640.webp");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("image/webp", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("max-age=31536000", file.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("immutable", file.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        // Only images, only from the folder.
        await File.WriteAllTextAsync(Path.Combine(media.Folder, name + ".html"), "<script>alert(1)</script>");
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync($"/media/statements/{name}.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync("/media/statements/..%2F..%2Fappsettings.json")).StatusCode);

        // Without the variants the original is shown, without srcset; without any file, no broken image.
        File.Delete(Path.Combine(media.Folder, StatementMedia.VariantName(name + ".jpg", 640)));
        File.Delete(Path.Combine(media.Folder, StatementMedia.VariantName(name + ".jpg", 1280)));
        await factory.ChangeStatementAsync(id, (_, _) => Task.CompletedTask);
        img = (await factory.Client().GetDocumentAsync($"/kk/statements/{slug}")).QuerySelector(".statement__photo img")!;
        Assert.Equal($"/media/statements/{name}.jpg", img.GetAttribute("src"));
        Assert.Null(img.GetAttribute("srcset"));

        File.Delete(Path.Combine(media.Folder, name + ".jpg"));
        await factory.ChangeStatementAsync(id, (_, _) => Task.CompletedTask);
        Assert.Null((await factory.Client().GetDocumentAsync($"/kk/statements/{slug}")).QuerySelector(".statement__photo"));
    }

    [Theory]
    [InlineData(StatementStatus.Draft)]
    [InlineData(StatementStatus.InReview)]
    public async Task A_photo_that_only_an_unpublished_statement_shows_is_not_served_until_publication(StatementStatus status)
    {
        // Named as the photo store names them: 32 hex characters, {name}.webp and its variants.
        var media = factory.Services.GetRequiredService<StatementMedia>();
        Directory.CreateDirectory(media.Folder);
        var name = Guid.NewGuid().ToString("N");
        string[] files = [$"{name}.webp", .. StatementMedia.Widths.Select(w => $"{name}-{w}.webp")];
        foreach (var file in files)
            await File.WriteAllBytesAsync(Path.Combine(media.Folder, file), "RIFF\0\0\0\0WEBP"u8.ToArray());

        var id = await factory.QueryAsync(db => db.Statements.AsNoTracking()
            .Where(s => s.Status == status).Select(s => s.Id).FirstAsync());
        DateTimeOffset? publishedAt = null;
        await factory.ChangeStatementAsync(id, (_, statement) =>
        {
            statement.PhotoPath = name;
            publishedAt = statement.PublishedAt;
            return Task.CompletedTask;
        });
        foreach (var file in files)
            Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync($"/media/statements/{file}")).StatusCode);

        // Published: every file answers at once, with no wait for a cache.
        await factory.ChangeStatementAsync(id, (_, statement) =>
        {
            statement.Status = StatementStatus.Published;
            statement.PublishedAt ??= DateTimeOffset.UtcNow;
            return Task.CompletedTask;
        });
        foreach (var file in files)
            Assert.Equal(HttpStatusCode.OK, (await factory.Client().GetAsync($"/media/statements/{file}")).StatusCode);

        await factory.ChangeStatementAsync(id, (_, statement) =>
        {
            statement.Status = status;
            statement.PublishedAt = publishedAt;
            statement.PhotoPath = null;
            return Task.CompletedTask;
        });
    }
}
