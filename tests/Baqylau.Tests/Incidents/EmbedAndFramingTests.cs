using System.Net;

namespace Baqylau.Tests.Incidents;

[Collection(IncidentWebCollection.Name)]
public class EmbedAndFramingTests(BaqylauWebFactory factory)
{
    [Theory]
    [InlineData("/embed/kk/incidents", "kk")]
    [InlineData("/embed/ru/incidents?category=internet-blocking", "ru")]
    public async Task The_embed_is_framable_compact_and_opens_permalinks_in_a_new_tab(string url, string lang)
    {
        var response = await factory.Client(lang == "kk" ? "ru" : "kk").GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The framing directive ends the site's policy (docs/security.md); only it decides framing.
        Assert.EndsWith("; frame-ancestors *", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
        Assert.Contains("css/embed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("css/site", html, StringComparison.Ordinal);
        Assert.DoesNotContain("site-header", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.Matches($"href=\"http://localhost/{lang}/incidents/[a-z0-9]+\" target=\"_blank\" rel=\"noopener\"", html);
        Assert.NotEmpty(IncidentWeb.PermalinkIds(html, lang));
    }

    [Fact]
    public async Task The_embed_pages_within_its_frame_through_the_whole_filtered_list()
    {
        var all = await factory.PublicIncidentsAsync();
        var ids = await factory.Client().WalkAsync("/embed/kk/incidents?region=almaty", "kk");
        Assert.Equal(all.Where(i => i.Region?.Code == "almaty").Select(i => i.PublicId).Order(), ids.Order());
    }

    [Theory]
    [InlineData("/kk")]
    [InlineData("/kk/incidents")]
    [InlineData("/ru/incidents?q=x")]
    [InlineData("/kk/no-such-page")]
    [InlineData("/api/v1/incidents")]
    [InlineData("/kk/incidents.csv")]
    [InlineData("/account/login")]
    [InlineData("/css/site.css")]
    public async Task Every_other_response_refuses_framing(string url)
    {
        var response = await factory.Client().GetAsync(url);
        // The framing directive ends the site's policy (docs/security.md); only it decides framing.
        Assert.EndsWith("; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}
