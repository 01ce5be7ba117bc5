using System.Text.RegularExpressions;
using Baqylau.Local.Demo;

namespace Baqylau.BrowserTests.Infrastructure;

/// <summary>One URL of every public page type, in a language.</summary>
public static partial class PublicPages
{
    public static readonly string[] Types =
    [
        "home", "statements", "statement", "corrections", "incidents", "incident",
        "campaigns", "campaign", "organisation", "embed", "not-found",
    ];

    public static TheoryData<string, string> TypesByLanguage()
    {
        var data = new TheoryData<string, string>();
        foreach (var lang in new[] { "kk", "ru" })
        {
            foreach (var type in Types)
                data.Add(type, lang);
        }

        return data;
    }

    public static async Task<string> PathAsync(BrowserApp app, string type, string lang) => type switch
    {
        "home" => $"/{lang}",
        "statements" => $"/{lang}/statements",
        "statement" => $"/{lang}/statements/{(lang == "kk" ? DemoIds.Statement20260708SlugKk : DemoIds.Statement20260708SlugRu)}",
        "corrections" => $"/{lang}/corrections",
        "incidents" => $"/{lang}/incidents",
        "incident" => $"/{lang}/incidents/{await FirstIncidentAsync(app)}",
        "campaigns" => $"/{lang}/campaigns",
        "campaign" => $"/{lang}/campaigns/{DemoIds.Kurultai2026Slug}",
        "organisation" => $"/{lang}/organisations/{DemoIds.ErkindikQanatySlug}",
        "embed" => $"/embed/{lang}/incidents",
        "not-found" => $"/{lang}/no-such-page",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The permalink id of the newest public incident, as the timeline links it.</summary>
    public static async Task<string> FirstIncidentAsync(BrowserApp app)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = BrowserApp.Timeout };
        var html = await http.GetStringAsync(new Uri("/kk/incidents", UriKind.Relative));
        return IncidentLink().Match(html).Groups[1].Value;
    }

    [GeneratedRegex("href=\"/kk/incidents/([a-z0-9]{6,})\"")]
    private static partial Regex IncidentLink();
}
