using Baqylau.Web.Localization;

namespace Baqylau.Web.Site;

/// <summary>
/// The site's front doors: "/" (by language), the public home page (Public/; the workspace's front page is the desk, Desk/),
/// the not-found and error pages, and /sitemap.xml with /robots.txt (SitemapEndpoints).
/// </summary>
public static class SiteModule
{
    public static WebApplication MapSiteModule(this WebApplication app)
    {
        app.MapRootRedirect();
        app.MapSitemap();
        return app;
    }

    /// <summary>"/" sends readers to /kk/ or /ru/ by their cookie or browser language; Kazakh by default.</summary>
    private static void MapRootRedirect(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/", (HttpContext context) =>
        {
            context.Response.Headers.Vary = "Accept-Language, Cookie";
            return TypedResults.Redirect($"/{LocalizationSetup.PreferredLanguage(context.Request)}");
        });
}
