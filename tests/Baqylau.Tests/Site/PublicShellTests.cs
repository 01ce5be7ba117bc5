using System.Net;

namespace Baqylau.Tests.Site;

public class PublicShellTests(BaqylauWebFactory factory) : IClassFixture<BaqylauWebFactory>
{
    [Theory]
    [InlineData(null, "/kk")]
    [InlineData("ru-RU,ru;q=0.9,en;q=0.8", "/ru")]
    [InlineData("ru", "/ru")]
    [InlineData("en-US,kk;q=0.5", "/kk")]
    [InlineData("de-DE", "/kk")]
    public async Task Root_redirects_by_accept_language_with_kazakh_by_default(string? acceptLanguage, string expected)
    {
        var response = await factory.Client(acceptLanguage).GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.LocationPath());
    }

    [Theory]
    [InlineData("/kk", "lang=\"kk\"", "Мәлімдемелер")]
    [InlineData("/ru", "lang=\"ru\"", "Заявления")]
    [InlineData("/kk/statements", "lang=\"kk\"", "Мәлімдемелер")]
    [InlineData("/ru/incidents", "lang=\"ru\"", "Случаи вмешательства")]
    [InlineData("/kk/campaigns", "lang=\"kk\"", "Сайлау науқандары")]
    public async Task Pages_render_in_the_language_of_the_url(string url, string htmlLang, string text)
    {
        // The browser asks for the other language: the URL wins.
        var response = await factory.Client(url.StartsWith("/kk", StringComparison.Ordinal) ? "ru" : "kk").GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<html {htmlLang}>", html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
        Assert.DoesNotContain("_framework/blazor.web", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/en")]
    [InlineData("/en/statements")]
    [InlineData("/KK/incidents")]
    [InlineData("/kk/no-such-page")]
    public async Task Unknown_languages_and_pages_are_a_localised_404_not_a_crash(string url)
    {
        var response = await factory.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(html.Contains("Бет табылмады", StringComparison.Ordinal) || html.Contains("Страница не найдена", StringComparison.Ordinal), html);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ru/no-such-page", "Страница не найдена", "lang=\"ru\"")]
    [InlineData("/kk/no-such-page", "Бет табылмады", "lang=\"kk\"")]
    public async Task A_404_speaks_the_language_of_the_url(string url, string text, string htmlLang)
    {
        var response = await factory.Client(url.StartsWith("/ru", StringComparison.Ordinal) ? "kk" : "ru").GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(text, html, StringComparison.Ordinal);
        Assert.Contains($"<html {htmlLang}>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_public_page_links_its_twin_and_lists_hreflang_alternates()
    {
        var html = await factory.Client().GetStringAsync("/kk/incidents?year=2024");
        Assert.Contains("hreflang=\"kk\" href=\"http://localhost/kk/incidents\"", html, StringComparison.Ordinal);
        Assert.Contains("hreflang=\"ru\" href=\"http://localhost/ru/incidents\"", html, StringComparison.Ordinal);
        Assert.Contains("hreflang=\"x-default\"", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"canonical\" href=\"http://localhost/kk/incidents\"", html, StringComparison.Ordinal);
        // The switch keeps the reader on the same page (and its filters) in the other language.
        Assert.Contains("href=\"/ru/incidents?year=2024\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prefixed_page_writes_the_culture_cookie_for_the_circuit()
    {
        var response = await factory.Client().GetAsync("/ru");
        Assert.True(response.Headers.TryGetValues("Set-Cookie", out var cookies));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Culture=c%3Dru-KZ%7Cuic%3Dru-KZ", StringComparison.Ordinal));
        Assert.Equal("ru-KZ", response.Content.Headers.ContentLanguage.Single());
    }

    [Fact]
    public async Task The_timeline_labels_the_worked_example_honestly()
    {
        // The timeline is paged: read it to the end.
        async Task<string> AllPages(string url)
        {
            var pages = new System.Text.StringBuilder();
            for (var n = 0; url is not null && n < 50; n++)
            {
                var html = System.Net.WebUtility.HtmlDecode(await factory.Client().GetStringAsync(url));
                pages.Append(html);
                var next = System.Text.RegularExpressions.Regex.Match(html, "rel=\"next\" href=\"([^\"]+)\"");
                url = next.Success ? next.Groups[1].Value : null!;
            }

            return pages.ToString();
        }

        var kk = await AllPages("/kk/incidents");
        Assert.Contains("2019–2022", kk, StringComparison.Ordinal);
        Assert.Contains("2023 ж.", kk, StringComparison.Ordinal);
        Assert.Contains("күні белгісіз", kk, StringComparison.Ordinal);
        var ru = await AllPages("/ru/incidents");
        Assert.Contains("2020–2021", ru, StringComparison.Ordinal);
        Assert.Contains("2024 г.", ru, StringComparison.Ordinal);
        Assert.Contains("дата неизвестна", ru, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statement_list_shows_news_datelines_and_pages()
    {
        var html = await factory.Client().GetStringAsync("/ru/statements");
        Assert.Contains("8 июля 2026, 10:00", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"next\" href=\"/ru/statements?page=2\"", html, StringComparison.Ordinal);
        var page2 = await factory.Client().GetAsync("/ru/statements?page=2");
        Assert.Equal(HttpStatusCode.OK, page2.StatusCode);
    }

    [Theory]
    [InlineData("/kk/statements?page=abc")]
    [InlineData("/ru/statements?page=-3")]
    [InlineData("/ru/statements?page=99999999999999")]
    public async Task Hand_edited_query_values_never_break_a_page(string url)
    {
        var response = await factory.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await factory.Client().GetAsync("/health/live")).StatusCode);
        var ready = await factory.Client().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Internal_observer_names_never_reach_public_pages()
    {
        var client = factory.Client();
        foreach (var url in new[] { "/kk", "/ru", "/kk/incidents", "/ru/incidents", "/kk/statements", "/ru/statements" })
        {
            var html = await client.GetStringAsync(url);
            Assert.DoesNotContain("(fictional)", html, StringComparison.OrdinalIgnoreCase);
        }
    }
}
