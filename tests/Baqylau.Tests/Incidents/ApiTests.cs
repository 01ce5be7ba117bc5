using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Tests.Incidents;

[Collection(IncidentWebCollection.Name)]
public class ApiTests(BaqylauWebFactory factory)
{
    private async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await factory.Client().GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>Follows `next` links to the end and returns every item.</summary>
    private async Task<List<JsonElement>> AllAsync(string url)
    {
        var items = new List<JsonElement>();
        for (var pages = 0; url is not null; pages++)
        {
            Assert.True(pages < 100);
            var page = await GetJsonAsync(url);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            url = page.GetProperty("next").GetString()!;
        }

        return items;
    }

    [Fact]
    public async Task Incidents_page_by_cursor_with_the_timelines_filters_and_both_languages()
    {
        var all = await factory.PublicIncidentsAsync();
        var items = await AllAsync("/api/v1/incidents?limit=7");
        Assert.Equal(all.Select(i => i.PublicId).Order(), items.Select(i => i.GetProperty("id").GetString()!).Order());

        var first = await GetJsonAsync("/api/v1/incidents?category=internet-blocking&limit=3");
        var expected = all.Count(i => i.Category!.Slug == "internet-blocking");
        Assert.Equal(expected, first.GetProperty("total").GetInt32());
        Assert.StartsWith("http://localhost/api/v1/incidents?category=internet-blocking&limit=3&cursor=", first.GetProperty("next").GetString(), StringComparison.Ordinal);
        var item = first.GetProperty("items")[0];
        Assert.Equal("internet-blocking", item.GetProperty("category").GetProperty("key").GetString());
        Assert.True(item.GetProperty("title").TryGetProperty("kk", out _));
        Assert.True(item.GetProperty("title").TryGetProperty("ru", out _));
        Assert.StartsWith("http://localhost/kk/incidents/", item.GetProperty("url").GetProperty("kk").GetString(), StringComparison.Ordinal);
        Assert.Contains(item.GetProperty("verification").GetString(), new[] { "reported", "corroborated", "verified", "disputed" });
        Assert.True(item.TryGetProperty("verificationHistory", out var history) && history.GetArrayLength() > 0);
        Assert.False(history[0].TryGetProperty("byId", out _));
    }

    [Fact]
    public async Task Fuzzy_dates_come_with_iso_form_period_and_labels()
    {
        var items = await AllAsync("/api/v1/incidents?organisation=erkindik-qanaty&from=2019&to=2022&limit=100");
        var range = items.Single(i => i.GetProperty("occurred").GetProperty("iso").GetString() == "2019/2022").GetProperty("occurred");
        Assert.Equal("yearRange", range.GetProperty("precision").GetString());
        Assert.Equal("2019-01-01", range.GetProperty("start").GetString());
        Assert.Equal("2022-12-31", range.GetProperty("end").GetString());
        Assert.Equal("2019–2022", range.GetProperty("label").GetProperty("ru").GetString());
    }

    [Theory]
    [InlineData("/api/v1/incidents?from=abc", "from")]
    [InlineData("/api/v1/incidents?limit=0", "limit")]
    [InlineData("/api/v1/incidents?cursor=nonsense", "cursor")]
    [InlineData("/api/v1/statements?limit=1000", "limit")]
    [InlineData("/api/v1/campaigns?cursor=x", "cursor")]
    [InlineData("/api/v1/organisations?cursor=x", "cursor")]
    public async Task Invalid_parameters_are_a_400_problem_naming_them(string url, string parameter)
    {
        var response = await factory.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task Statements_lists_only_public_ones_with_public_fields()
    {
        var expected = await factory.WithDbAsync(db => db.Statements.AsNoTracking()
            .Where(s => s.Status == StatementStatus.Published || s.Status == StatementStatus.Corrected || s.Status == StatementStatus.Retracted)
            .Select(s => s.PublicId).ToListAsync());
        var hidden = await factory.WithDbAsync(db => db.Statements.AsNoTracking()
            .Where(s => s.Status == StatementStatus.Draft || s.Status == StatementStatus.InReview).Select(s => s.PublicId).ToListAsync());
        Assert.NotEmpty(hidden);
        var items = await AllAsync("/api/v1/statements?limit=9");
        var ids = items.Select(i => i.GetProperty("id").GetString()!).ToList();
        Assert.Equal(expected.Order(), ids.Order());
        var raw = string.Join("\n", items.Select(i => i.GetRawText()));
        Assert.DoesNotContain("createdById", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("revision", raw, StringComparison.OrdinalIgnoreCase);
        var main = items.Single(i => i.GetProperty("id").GetString() == Baqylau.Local.Demo.DemoIds.Statement20260708PublicId);
        Assert.Equal($"http://localhost/ru/statements/{Baqylau.Local.Demo.DemoIds.Statement20260708SlugRu}",
            main.GetProperty("translations").GetProperty("ru").GetProperty("url").GetString());
        var filtered = await GetJsonAsync("/api/v1/statements?organisation=ashyq-dauys&from=2024&to=2024");
        Assert.All(filtered.GetProperty("items").EnumerateArray(), s =>
        {
            Assert.Equal("ashyq-dauys", s.GetProperty("organisation").GetProperty("key").GetString());
            Assert.StartsWith("2024-", s.GetProperty("publishedAt").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Campaigns_and_organisations_list_public_fields()
    {
        var campaigns = await AllAsync("/api/v1/campaigns?limit=1");
        Assert.Contains(campaigns, c => c.GetProperty("slug").GetString() == "kurultai-2026" && c.GetProperty("votingDay").GetString() == "2026-08-23");
        var organisations = await AllAsync("/api/v1/organisations?limit=1");
        Assert.Equal(2, organisations.Count(o => o.GetProperty("slug").GetString() is "erkindik-qanaty" or "ashyq-dauys"));
        Assert.All(organisations, o => Assert.False(o.TryGetProperty("logoPath", out _)));
    }

    [Theory]
    [InlineData("/api/v1/incidents?region=almaty")]
    [InlineData("/api/v1/statements")]
    [InlineData("/api/v1/campaigns")]
    [InlineData("/api/v1/organisations")]
    public async Task Responses_carry_an_etag_and_answer_304_when_unchanged(string url)
    {
        var client = factory.Client();
        var first = await client.GetAsync(url);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        var again = await client.GetAsync(url);
        Assert.Equal(etag, again.Headers.ETag);
        var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task Cors_is_open_for_get_only()
    {
        var client = factory.Client();
        var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/campaigns");
        get.Headers.Add("Origin", "https://newsroom.example");
        var response = await client.SendAsync(get);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var preflightGet = new HttpRequestMessage(HttpMethod.Options, "/api/v1/incidents");
        preflightGet.Headers.Add("Origin", "https://newsroom.example");
        preflightGet.Headers.Add("Access-Control-Request-Method", "GET");
        var okPreflight = await client.SendAsync(preflightGet);
        Assert.Contains("GET", okPreflight.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);

        var preflightPost = new HttpRequestMessage(HttpMethod.Options, "/api/v1/incidents");
        preflightPost.Headers.Add("Origin", "https://newsroom.example");
        preflightPost.Headers.Add("Access-Control-Request-Method", "POST");
        var refused = await client.SendAsync(preflightPost);
        Assert.False(refused.Headers.TryGetValues("Access-Control-Allow-Methods", out var methods) && methods.Any(m => m.Contains("POST", StringComparison.Ordinal)));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        // CORS is the API's only: pages do not opt in.
        var page = new HttpRequestMessage(HttpMethod.Get, "/kk/incidents");
        page.Headers.Add("Origin", "https://newsroom.example");
        Assert.False((await client.SendAsync(page)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_openapi_document_and_a_local_reference_page_describe_the_api()
    {
        var doc = await GetJsonAsync("/api/v1/openapi.json");
        var paths = doc.GetProperty("paths");
        foreach (var p in new[] { "/api/v1/incidents", "/api/v1/incidents/{id}", "/api/v1/statements", "/api/v1/campaigns", "/api/v1/organisations" })
            Assert.True(paths.TryGetProperty(p, out _) || paths.TryGetProperty(p + "/", out _), p);
        Assert.All(paths.EnumerateObject(), p => Assert.StartsWith("/api/v1/", p.Name, StringComparison.Ordinal));
        var listParams = (paths.TryGetProperty("/api/v1/incidents", out var list) ? list : paths.GetProperty("/api/v1/incidents/"))
            .GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("q", listParams);
        Assert.Contains("cursor", listParams);

        var client = factory.Client();
        var reference = await client.GetAsync("/api/v1/reference/");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        var html = await reference.Content.ReadAsStringAsync();
        // Its script is served from this site (embedded in the package), not from a CDN.
        Assert.DoesNotMatch("src=\"https?://", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/reference/scalar.js")).StatusCode);
    }
}
