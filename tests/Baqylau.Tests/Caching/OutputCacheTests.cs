using System.Net;
using Baqylau.Local.Demo;
using Baqylau.Publishing;
using Baqylau.Statements;
using Baqylau.Web.Localization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Caching;

/// <summary>Public pages are output-cached, tagged by what they show, and evicted through IPublicContentEvents.</summary>
public class OutputCacheTests(BaqylauWebFactory factory) : IClassFixture<BaqylauWebFactory>
{
    /// <summary>A returning reader: the culture cookie already matches, so responses set no cookie and may be stored.</summary>
    private HttpClient Reader(string lang)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=" + Uri.EscapeDataString(LocalizationSetup.CookieValue(lang)));
        return client;
    }

    private HttpClient Anonymous() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static bool FromCache(HttpResponseMessage response) => response.Headers.Age is not null;

    /// <summary>Fetches twice; the second answer must come from the cache.</summary>
    private static async Task WarmAsync(HttpClient client, string url)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        var second = await client.GetAsync(url);
        Assert.True(FromCache(second), $"{url} was not served from the cache");
    }

    private static async Task<(string Html, bool Cached)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), FromCache(response));
    }

    private Task<(Guid Id, string Kk, string Ru)> NewestAsync(Guid organisation) =>
        factory.QueryAsync(async db =>
        {
            var s = await db.Statements.AsNoTracking().Include(x => x.Translations)
                .Where(x => x.OrganisationId == organisation && x.Status == StatementStatus.Published && x.Translations.Count == 2)
                .OrderByDescending(x => x.PublishedAt).FirstAsync();
            return (s.Id, s.Translation("kk")!.Slug, s.Translation("ru")!.Slug);
        });

    private async Task RetitleWithoutTellingAsync(Guid id, string title)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Baqylau.Data.BaqylauDbContext>();
        var ru = await db.StatementTranslations.SingleAsync(t => t.StatementId == id && t.Culture == "ru");
        ru.Title = title;
        await db.SaveChangesAsync();
    }

    private Task TellAsync(Guid id) => factory.Services.GetRequiredService<IPublicContentEvents>().StatementChangedAsync(id);

    [Fact]
    public async Task A_changed_statement_is_evicted_everywhere_and_an_unrelated_one_stays_cached()
    {
        var a = await NewestAsync(DemoIds.ErkindikQanaty);
        var b = await NewestAsync(DemoIds.SecondOrganisation);
        var ru = Reader("ru");
        var kk = Reader("kk");
        foreach (var url in new[] { $"/ru/statements/{a.Ru}", $"/ru/statements/{b.Ru}", "/ru/statements", "/ru", "/ru/feed.atom", "/sitemap.xml" })
            await WarmAsync(ru, url);
        await WarmAsync(kk, $"/kk/statements/{a.Kk}");

        await RetitleWithoutTellingAsync(a.Id, "Заголовок А после правки");
        await RetitleWithoutTellingAsync(b.Id, "Заголовок Б после правки");

        // Until the app is told, readers get the cached page.
        var (stale, cached) = await GetAsync(ru, $"/ru/statements/{a.Ru}");
        Assert.True(cached);
        Assert.DoesNotContain("Заголовок А после правки", stale, StringComparison.Ordinal);

        await TellAsync(a.Id);

        var (page, pageCached) = await GetAsync(ru, $"/ru/statements/{a.Ru}");
        Assert.False(pageCached);
        Assert.Contains("<h1 class=\"statement__title\">Заголовок А после правки</h1>", page, StringComparison.Ordinal);
        Assert.False((await GetAsync(kk, $"/kk/statements/{a.Kk}")).Cached, "the page in the other language is evicted too");
        foreach (var url in new[] { "/ru/statements", "/ru/feed.atom" })
        {
            var (html, wasCached) = await GetAsync(ru, url);
            Assert.False(wasCached, url);
            Assert.Contains("Заголовок А после правки", html, StringComparison.Ordinal);
        }

        // Home (latest five) and the sitemap list statements too.
        Assert.False((await GetAsync(ru, "/ru")).Cached);
        Assert.False((await GetAsync(ru, "/sitemap.xml")).Cached);

        // The other statement's page was not touched: still cached, still the old title.
        var (other, otherCached) = await GetAsync(ru, $"/ru/statements/{b.Ru}");
        Assert.True(otherCached);
        Assert.DoesNotContain("Заголовок Б после правки", other, StringComparison.Ordinal);

        await TellAsync(b.Id);
        Assert.Contains("Заголовок Б после правки", (await GetAsync(ru, $"/ru/statements/{b.Ru}")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_that_recommends_a_statement_is_evicted_with_it()
    {
        var related = await factory.QueryAsync(db => db.Set<StatementRelation>().AsNoTracking()
            .Where(r => r.StatementId == DemoIds.Statement20260708).OrderBy(r => r.Position).Select(r => r.RelatedStatementId).FirstAsync());
        var ru = Reader("ru");
        var url = $"/ru/statements/{DemoIds.Statement20260708SlugRu}";
        await WarmAsync(ru, url);

        await RetitleWithoutTellingAsync(related, "Рекомендованный материал с новым заголовком");
        await TellAsync(related);

        var (html, cached) = await GetAsync(ru, url);
        Assert.False(cached);
        var readAlso = PublicHtml.Parse(html).QuerySelector(".read-also")!;
        Assert.Contains("Рекомендованный материал с новым заголовком", readAlso.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_visit_sets_only_the_culture_cookie_and_is_cached_with_it()
    {
        const string url = "/kk/campaigns";
        var anonymous = Anonymous();
        for (var i = 0; i < 2; i++)
        {
            // Readers arriving from a link carry no cookie yet: they must not all miss the cache.
            var first = await anonymous.GetAsync(url);
            Assert.Equal(i == 1, FromCache(first));
            var cookies = first.Headers.GetValues("Set-Cookie").ToList();
            Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
            // Public pages post nothing: no antiforgery cookie, which would make every first visit uncacheable.
            Assert.DoesNotContain(cookies, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        }

        // A returning reader gets the same shared entry: at most the same-language culture cookie again, nothing else.
        var shared = await Reader("kk").GetAsync(url);
        Assert.True(FromCache(shared));
        var replayed = shared.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        Assert.All(replayed, c => Assert.StartsWith(".AspNetCore.Culture=c%3Dkk-KZ%7Cuic%3Dkk-KZ", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signed_in_staff_account_and_workspace_pages_are_never_cached()
    {
        var staff = factory.Client();
        var signIn = await staff.SignInAsync("author@baqylau.local", BaqylauWebFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        foreach (var url in new[] { "/kk/statements", "/workspace" })
        {
            await staff.GetAsync(url);
            Assert.False(FromCache(await staff.GetAsync(url)), url);
        }

        var anonymous = Reader("kk");
        await anonymous.GetAsync("/account/login");
        Assert.False(FromCache(await anonymous.GetAsync("/account/login")));
        await anonymous.GetAsync("/health/ready");
        Assert.False(FromCache(await anonymous.GetAsync("/health/ready")));
    }

    [Fact]
    public async Task The_benchmarks_switch_turns_the_public_cache_off()
    {
        using var uncached = factory.WithWebHostBuilder(b => b.UseSetting("Baqylau:PublicOutputCache", "false"));
        var client = uncached.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=" + Uri.EscapeDataString(LocalizationSetup.CookieValue("ru")));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ru/statements")).StatusCode);
        var second = await client.GetAsync("/ru/statements");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(FromCache(second));

        // The same request on the default set-up is cached, so the check above can fail.
        await WarmAsync(Reader("ru"), "/ru/statements");
    }

    [Fact]
    public async Task The_read_api_and_the_embed_are_cached_evicted_with_incidents_and_open_to_any_origin()
    {
        var client = Anonymous();
        var incident = await factory.QueryAsync(db => db.Incidents.AsNoTracking()
            .Where(i => i.Visibility == Baqylau.Incidents.IncidentVisibility.Public)
            .OrderByDescending(i => i.TimelineKey).Select(i => new { i.Id, i.PublicId }).FirstAsync());
        var urls = new[] { "/api/v1/incidents?limit=5", $"/api/v1/incidents/{incident.PublicId}", "/embed/ru/incidents" };
        foreach (var url in urls)
            await WarmAsync(client, url);

        // A browser's cross-site read of a cached answer still gets the CORS header, whoever filled the entry.
        var fromElsewhere = new HttpRequestMessage(HttpMethod.Get, urls[0]);
        fromElsewhere.Headers.Add("Origin", "https://newsroom.example");
        var cors = await client.SendAsync(fromElsewhere);
        Assert.True(FromCache(cors));
        Assert.Equal("*", cors.Headers.GetValues("Access-Control-Allow-Origin").Single());

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Baqylau.Data.BaqylauDbContext>();
            var ru = await db.IncidentTranslations.SingleAsync(t => t.IncidentId == incident.Id && t.Culture == "ru");
            ru.Title = "Заголовок после правки для кэша";
            await db.SaveChangesAsync();
        }

        // Cached until the change is announced, then fresh everywhere.
        Assert.True(FromCache(await client.GetAsync(urls[1])));
        await factory.Services.GetRequiredService<IPublicContentEvents>().IncidentChangedAsync(incident.Id);
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url);
            Assert.False(FromCache(response), $"{url} was still served from the cache");
            Assert.Contains("Заголовок после правки для кэша", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Api_reads_with_a_bearer_token_are_never_cached()
    {
        var client = Anonymous();
        await WarmAsync(client, "/api/v1/campaigns");
        var withToken = new HttpRequestMessage(HttpMethod.Get, "/api/v1/campaigns");
        withToken.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-real-token");
        Assert.False(FromCache(await client.SendAsync(withToken)));
    }
}
