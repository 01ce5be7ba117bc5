using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Support;

/// <summary>The security tests share one app with the demo content (seeding is the slow part).</summary>
[CollectionDefinition(Name)]
public sealed class SecurityWebCollection : ICollectionFixture<BaqylauWebFactory>
{
    public const string Name = "security-web";
}

public sealed record CrawledResponse(string Url, HttpStatusCode Status, string? ContentType, HttpResponseMessage Response, string Body);

public static partial class SecurityWeb
{
    public const string Password = BaqylauWebFactory.DemoPassword;
    public const string Secret = BaqylauWebFactory.DemoTotpSecret;

    public static async Task<HttpClient> SignedInAsync(this BaqylauWebFactory factory, string email)
    {
        var client = factory.Client();
        var response = await client.SignInAsync(email, Password, factory.Totp);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {email} failed: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>Every route endpoint of the running app, from its own route table.</summary>
    public static IReadOnlyList<RouteEndpoint> Endpoints(this BaqylauWebFactory factory)
    {
        _ = factory.Server;
        return factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
    }

    /// <summary>Blazor page endpoints (one per @page pattern).</summary>
    public static IEnumerable<RouteEndpoint> Pages(this BaqylauWebFactory factory) =>
        factory.Endpoints().Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null);

    /// <summary>Whether a path matches the endpoint's pattern, honouring guid/int constraints (TemplateMatcher ignores them).</summary>
    public static bool Matches(RouteEndpoint endpoint, string path)
    {
        var pattern = "^/" + Regex.Replace(Regex.Escape(endpoint.RoutePattern.RawText!.TrimStart('/')).Replace("\\{", "{", StringComparison.Ordinal),
            @"\{\*{0,2}[A-Za-z]+(?::([a-z]+))?[?]?\}", m => m.Groups[1].Value switch
            {
                "guid" => "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                "int" or "long" => "-?[0-9]+",
                _ => "[^/]+",
            }) + "/?$";
        return Regex.IsMatch(path, pattern, RegexOptions.IgnoreCase);
    }

    /// <summary>
    /// Follows same-site links (href, src, action) from the seeds, GET only, paths without query strings (filters
    /// would multiply without end), never the sign-out or language endpoints. Returns every response.
    /// </summary>
    public static async Task<List<CrawledResponse>> CrawlAsync(HttpClient client, IEnumerable<string> seeds, int max = 250, Func<string, bool>? follow = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(seeds);
        var results = new List<CrawledResponse>();
        while (queue.Count > 0 && results.Count < max)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url))
                continue;
            var response = await client.GetAsync(url);
            var type = response.Content.Headers.ContentType?.MediaType;
            var text = type is not null && (type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("xml", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal))
                ? await response.Content.ReadAsStringAsync()
                : string.Empty;
            results.Add(new CrawledResponse(url, response.StatusCode, type, response, text));
            if (type is "text/html" or "text/css")
            {
                foreach (Match m in LocalLink().Matches(text))
                {
                    var link = WebUtility.HtmlDecode(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).Split('#')[0];
                    if (link.StartsWith("http://localhost/", StringComparison.Ordinal))
                        link = link["http://localhost".Length..];
                    if (link.Length == 0 || link.StartsWith("//", StringComparison.Ordinal) || link.Contains(':', StringComparison.Ordinal)
                        || link.Contains('?', StringComparison.Ordinal))
                        continue;
                    // Every page has <base href="/">, and CSS here refers to files beside it under the root.
                    var path = link.StartsWith('/') ? link : type == "text/css" ? url[..(url.LastIndexOf('/') + 1)] + link : "/" + link;
                    if (path.StartsWith("/account/logout", StringComparison.Ordinal) || path.StartsWith("/account/culture", StringComparison.Ordinal)
                        || path.StartsWith("/account/language", StringComparison.Ordinal))
                        continue;
                    if (follow is null || follow(path))
                        queue.Enqueue(path);
                }
            }
        }

        return results;
    }

    [GeneratedRegex("(?:href|src|action)=\"([^\"]*)\"|url\\(['\"]?([^'\")]+)['\"]?\\)")]
    private static partial Regex LocalLink();
}
