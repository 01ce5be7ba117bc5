using System.Net;
using System.Text.RegularExpressions;
using Baqylau.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Tests.Incidents;

/// <summary>The public incident tests share one app and one seeded demo database (seeding is the slow part).</summary>
[CollectionDefinition(Name)]
public sealed class IncidentWebCollection : ICollectionFixture<BaqylauWebFactory>
{
    public const string Name = "incidents-web";
}

public static partial class IncidentWeb
{
    /// <summary>The page as text with entities decoded, so titles with quotes compare as written.</summary>
    public static async Task<string> PageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Permalink ids linked from a timeline page, in page order.</summary>
    public static List<string> PermalinkIds(string html, string lang) =>
        Permalink().Matches(html).Where(m => m.Groups[1].Value == lang).Select(m => m.Groups[2].Value).ToList();

    public static string? NextLink(string html) => NextHref().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public static Task<List<Incident>> PublicIncidentsAsync(this BaqylauWebFactory factory) =>
        factory.WithDbAsync(db => db.Incidents.AsNoTracking()
            .Include(i => i.Translations).Include(i => i.Category).Include(i => i.Region).Include(i => i.Campaign)
            .Where(i => i.Visibility == IncidentVisibility.Public).ToListAsync());

    /// <summary>Walks a timeline by its "older" links and returns every permalink id, failing on a loop.</summary>
    public static async Task<List<string>> WalkAsync(this HttpClient client, string firstUrl, string lang)
    {
        var ids = new List<string>();
        var url = firstUrl;
        for (var pages = 0; url is not null; pages++)
        {
            Assert.True(pages < 50, "paging does not end");
            var html = await client.PageAsync(url);
            ids.AddRange(PermalinkIds(html, lang));
            url = NextLink(html);
        }

        return ids;
    }

    [GeneratedRegex(@"href=""(?:https?://[^/""]+)?/(kk|ru)/incidents/([a-z0-9]+)""")]
    private static partial Regex Permalink();

    [GeneratedRegex(@"rel=""next"" href=""([^""]+)""")]
    private static partial Regex NextHref();
}
