using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Baqylau.Local.Demo;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Tests.Security;

/// <summary>
/// Crawls every public and workspace page type (seeded from the app's own page routes), then checks on every
/// response the security headers, that no page has an inline script, and that nothing is loaded from another origin.
/// </summary>
[Collection(SecurityWebCollection.Name)]
public partial class HeadersAndOriginsTests(BaqylauWebFactory factory)
{
    // Pages that cannot be reached by a GET in this setting, with the reason.
    private static readonly Dictionary<string, string> Unreachable = new(StringComparer.Ordinal)
    {
        ["/error"] = "only used by the exception handler outside Development",
        ["/account/login-2fa"] = "needs the half-signed-in cookie of a password step; AccountTests drive it",
        ["/account/login-recovery"] = "needs the half-signed-in cookie of a password step; AccountTests drive it",
    };

    private async Task<List<CrawledResponse>> CrawlAllAsync()
    {
        var parameterless = factory.Pages().Select(p => "/" + p.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => !p.Contains('{', StringComparison.Ordinal)).ToList();
        var anonymous = await SecurityWeb.CrawlAsync(factory.Client(),
            new[] { "/kk", "/ru", "/embed/kk/incidents", "/api/v1/reference/", "/not-found-here" }.Concat(parameterless.Where(p => !p.StartsWith("/workspace", StringComparison.Ordinal))));
        var admin = await factory.SignedInAsync("admin@baqylau.local");
        // Workspace lists open rows by script, not links: seed one statement and one incident of the admin's organisation.
        var ids = await factory.WithDbAsync(async db => (
            await db.Statements.Where(s => s.OrganisationId == DemoIds.ErkindikQanaty).Select(s => s.Id).FirstAsync(),
            await db.Incidents.Where(i => i.OrganisationId == DemoIds.ErkindikQanaty).Select(i => i.Id).FirstAsync(),
            await db.Users.Where(u => u.Email == "admin@baqylau.local").Select(u => u.Id).FirstAsync()));
        var staffSeeds = parameterless.Where(p => p.StartsWith("/workspace", StringComparison.Ordinal) || p.StartsWith("/account/manage", StringComparison.Ordinal))
            .Append($"/workspace/statements/{ids.Item1}").Append($"/workspace/incidents/{ids.Item2}")
            .Append($"/workspace/admin/campaigns/{DemoIds.Kurultai2026}").Append($"/workspace/admin/organisations/{DemoIds.ErkindikQanaty}")
            .Append($"/workspace/admin/accounts/{ids.Item3}");
        var staff = await SecurityWeb.CrawlAsync(admin, staffSeeds,
            follow: p => !p.StartsWith("/kk", StringComparison.Ordinal) && !p.StartsWith("/ru", StringComparison.Ordinal));
        return [.. anonymous, .. staff];
    }

    [Fact]
    public async Task Every_page_type_is_reached_and_every_response_carries_the_security_headers_and_loads_nothing_from_elsewhere()
    {
        var crawled = await CrawlAllAsync();
        Assert.DoesNotContain(crawled, c => (int)c.Status >= 500);

        // Coverage: each page route of the app was served at least once (a new page is checked automatically).
        var paths = crawled.Where(c => c.Status == HttpStatusCode.OK).Select(c => c.Url).ToList();
        var missing = factory.Pages()
            .Where(p => !Unreachable.ContainsKey("/" + p.RoutePattern.RawText!.TrimStart('/')))
            .Where(p => !paths.Any(u => SecurityWeb.Matches(p, u)))
            .Select(p => p.RoutePattern.RawText).ToList();
        Assert.True(missing.Count == 0, "page types never reached: " + string.Join(", ", missing));

        var problems = new List<string>();
        foreach (var c in crawled)
        {
            var h = c.Response.Headers;
            var csp = string.Join("; ", h.TryGetValues("Content-Security-Policy", out var v) ? v : []);
            if (!csp.Contains("default-src 'self'", StringComparison.Ordinal)) problems.Add($"{c.Url}: no CSP ({csp})");
            if (Regex.Match(csp, "script-src ([^;]*)") is { Success: true } script)
            {
                if (script.Groups[1].Value.Contains("unsafe", StringComparison.Ordinal)) problems.Add($"{c.Url}: unsafe script-src");
                if (Regex.IsMatch(script.Groups[1].Value, @"https?:|\*")) problems.Add($"{c.Url}: script-src allows another origin");
            }
            else
            {
                problems.Add($"{c.Url}: no script-src");
            }

            if (!csp.Contains("frame-ancestors", StringComparison.Ordinal)) problems.Add($"{c.Url}: no frame-ancestors");
            if (!h.TryGetValues("X-Content-Type-Options", out var nosniff) || nosniff.Single() != "nosniff") problems.Add($"{c.Url}: no nosniff");
            if (!h.Contains("Referrer-Policy")) problems.Add($"{c.Url}: no Referrer-Policy");
            if (!h.TryGetValues("Permissions-Policy", out var pp) || !pp.Single().Contains("camera=()", StringComparison.Ordinal)) problems.Add($"{c.Url}: no Permissions-Policy");

            if (c.ContentType == "text/html")
            {
                foreach (Match s in InlineScript().Matches(c.Body))
                {
                    // Only a hash-allowed script (the API reference's) may be inline.
                    var hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(s.Groups[1].Value)))}'";
                    if (!csp.Contains(hash, StringComparison.Ordinal)) problems.Add($"{c.Url}: inline script not allowed by hash");
                }

                foreach (Match l in ResourceLoad().Matches(c.Body))
                    if (IsForeign(l.Groups["url"].Value)) problems.Add($"{c.Url}: loads {l.Groups["url"].Value}");
                foreach (Match l in SrcSet().Matches(c.Body))
                    foreach (var part in l.Groups[1].Value.Split(','))
                        if (IsForeign(part.Trim().Split(' ')[0])) problems.Add($"{c.Url}: loads {part}");
            }

            if (c.ContentType is "text/html" or "text/css")
            {
                foreach (Match u in CssUrl().Matches(c.Body))
                    if (IsForeign(u.Groups[1].Value)) problems.Add($"{c.Url}: css loads {u.Groups[1].Value}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(40)));
        // The crawl saw the workspace's script and stylesheet, the public pages and the API reference's files.
        Assert.Contains(crawled, c => c.Url.Contains("blazor.web", StringComparison.Ordinal));
        Assert.Contains(crawled, c => c.ContentType == "text/css");
    }

    [Fact]
    public async Task The_api_reference_runs_its_one_inline_script_by_hash_not_by_unsafe_inline()
    {
        var response = await factory.Client().GetAsync("/api/v1/reference/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Matches("script-src 'self' 'sha256-[A-Za-z0-9+/=]+'", csp);
        Assert.DoesNotContain("unsafe-inline' ;", csp.Replace("style-src 'self' 'unsafe-inline'", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_and_form_refusals_carry_the_headers_too()
    {
        var client = factory.Client();
        var post = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "y" }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode); // no antiforgery token
        Assert.Contains("script-src 'self'", post.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", post.Headers.GetValues("X-Content-Type-Options").Single());
        var notFound = await client.GetAsync("/api/v1/incidents/zzzzzzzz");
        Assert.Equal("nosniff", notFound.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_workspace_sends_no_referrer_and_the_public_site_only_its_origin()
    {
        var admin = await factory.SignedInAsync("admin@baqylau.local");
        Assert.Equal("no-referrer", (await admin.GetAsync("/workspace/incidents")).Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("strict-origin-when-cross-origin", (await factory.Client().GetAsync("/kk")).Headers.GetValues("Referrer-Policy").Single());
    }

    private static bool IsForeign(string url)
    {
        url = WebUtility.HtmlDecode(url).Trim();
        if (url.StartsWith("//", StringComparison.Ordinal))
            return true;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return false; // relative, data: or blob:
        return uri.Host != "localhost";
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    // Tags whose attribute makes the browser fetch something (navigation links are not loads).
    [GeneratedRegex("<(?:script|img|iframe|source|video|audio|embed|track|input)\\b[^>]*\\bsrc=\"(?<url>[^\"]*)\"|<link\\b(?=[^>]*\\brel=\"(?:stylesheet|icon|preload|modulepreload|prefetch|manifest|apple-touch-icon|preconnect|dns-prefetch)\")[^>]*\\bhref=\"(?<url>[^\"]*)\"|<object\\b[^>]*\\bdata=\"(?<url>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceLoad();

    [GeneratedRegex("\\bsrcset=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex SrcSet();

    [GeneratedRegex("(?:url\\(\\s*['\"]?|@import\\s+['\"])([^'\")\\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CssUrl();
}
