using Baqylau.Publishing;
using Baqylau.Web.Hosting;
using Baqylau.Web.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Baqylau.Web.Caching;

/// <summary>
/// Output caching of the public site (pages under /kk and /ru, feeds, sitemap, robots.txt). Entries are tagged
/// by what they show, and <see cref="OutputCacheEvictions"/> evicts them when that content changes, so pages can
/// stay cached long. Staff, account and health endpoints are never cached.
/// </summary>
public static class PublicOutputCache
{
    /// <summary>Every cached public response.</summary>
    public const string PublicTag = "public";

    /// <summary>Responses that list statements: home, the list, corrections, feeds, sitemap.</summary>
    public const string StatementsTag = "statements";

    /// <summary>Responses that list incidents: home, the timeline, sitemap.</summary>
    public const string IncidentsTag = "incidents";

    /// <summary>Responses that show campaign records or stances: home, campaign and organisation pages, and the lists filtered by campaign.</summary>
    public const string CampaignsTag = "campaigns";

    public static string OrganisationTag(Guid id) => $"organisation:{id:N}";

    public static string StatementTag(Guid id) => $"statement:{id:N}";

    public static string CampaignTag(Guid id) => $"campaign:{id:N}";

    public static string IncidentTag(Guid id) => $"incident:{id:N}";

    public static IServiceCollection AddBaqylauOutputCache(this IServiceCollection services)
    {
        services.AddOutputCache(o =>
        {
            o.AddBasePolicy(new PublicPagePolicy());
            // Eviction keeps pages fresh; the expiry only bounds what a missed event (a scheduled publication) leaves stale.
            o.DefaultExpirationTimeSpan = TimeSpan.FromMinutes(10);
        });
        // Replaces the no-op default that DomainServices registers with TryAdd.
        services.Replace(ServiceDescriptor.Singleton<IPublicContentEvents, OutputCacheEvictions>());
        services.AddSingleton<CacheEvictionBus>();
        services.AddHostedService(sp => sp.GetRequiredService<CacheEvictionBus>());

        // Blazor asks for antiforgery tokens on every page it renders, which stores a cookie (and sets
        // "no-cache, no-store") on every first visit: no public page could then be cached. Public pages have no
        // form that posts, so on output-cached requests the tokens are made but not stored.
        services.AddAntiforgery();
        var antiforgery = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        services.Remove(antiforgery);
        services.AddSingleton<IAntiforgery>(sp => new PublicPageAntiforgery(
            antiforgery.ImplementationType is { } type
                ? (IAntiforgery)ActivatorUtilities.CreateInstance(sp, type)
                : antiforgery.ImplementationFactory?.Invoke(sp) as IAntiforgery ?? (IAntiforgery)antiforgery.ImplementationInstance!));
        return services;
    }

    /// <summary>True while the output cache may store this request's response: a public, anonymous GET.</summary>
    internal static bool IsCacheable(HttpContext context) =>
        context.Features.Get<IOutputCacheFeature>()?.Context.EnableOutputCaching == true;

    /// <summary>Tags the response being produced; does nothing when the request is not output-cached.</summary>
    public static void Tag(HttpContext? context, IEnumerable<string> tags)
    {
        var cache = context?.Features.Get<IOutputCacheFeature>()?.Context;
        if (cache is null || !cache.EnableOutputCaching)
            return;
        foreach (var tag in tags)
            cache.Tags.Add(tag);
    }

    /// <summary>
    /// The tags a public path gets before the endpoint runs, or null when the path is not cached at all.
    /// Statement pages get none here: the page adds its own (statement:{id} of itself and of its "Read also").
    /// </summary>
    internal static string[]? PathTags(PathString path)
    {
        var value = path.Value ?? string.Empty;
        if (value is "/sitemap.xml")
            return [PublicTag, StatementsTag, IncidentsTag];
        if (value is "/robots.txt")
            return [PublicTag];
        if (value.StartsWith("/api/", StringComparison.Ordinal))
            return ApiTags(value);
        if (value.StartsWith("/embed/", StringComparison.Ordinal))
            return PathLanguage(value["/embed".Length..]) is not null && value.EndsWith("/incidents", StringComparison.Ordinal)
                ? [PublicTag, IncidentsTag, CampaignsTag]
                : null;
        var lang = PathPrefixCultureProvider.LanguageFromPath(path);
        // Only the canonical lower-case prefix: /KK/… is a 404 and must not take a cache slot.
        if (lang is null || !value.StartsWith("/" + lang, StringComparison.Ordinal))
            return null;

        var rest = value[(1 + lang.Length)..].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return rest switch
        {
            [] => [PublicTag, StatementsTag, IncidentsTag, CampaignsTag],
            ["statements"] => [PublicTag, StatementsTag, CampaignsTag],
            ["corrections"] or ["feed.atom"] => [PublicTag, StatementsTag],
            ["statements", _] => [PublicTag],
            ["campaigns", _, "feed.atom"] => [PublicTag, StatementsTag],
            ["incidents"] => [PublicTag, IncidentsTag, CampaignsTag],
            ["incidents", ..] => [PublicTag, IncidentsTag],
            // Pages not known here (campaigns, organisations) may show anything: any change evicts them.
            _ => [PublicTag, StatementsTag, IncidentsTag, CampaignsTag],
        };
    }

    private static string? PathLanguage(string path) =>
        PathPrefixCultureProvider.LanguageFromPath(new PathString(path));

    /// <summary>
    /// The public read API, cached like the pages it mirrors (readers and scrapers poll it on voting day). The
    /// token endpoint, the write API (never a GET) and the interactive reference are left alone.
    /// </summary>
    private static string[]? ApiTags(string path)
    {
        var rest = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return rest switch
        {
            ["api", "v1", "openapi.json"] => [PublicTag],
            ["api", "v1", "incidents", ..] => [PublicTag, IncidentsTag, CampaignsTag],
            ["api", "v1", "statements", ..] => [PublicTag, StatementsTag, CampaignsTag],
            ["api", "v1", "campaigns", ..] or ["api", "v1", "organisations", ..] => [PublicTag, StatementsTag, IncidentsTag, CampaignsTag],
            _ => null,
        };
    }

    /// <summary>
    /// Cache anonymous GETs of public paths, varying by path and query. The culture cookie is written only when it
    /// differs from the request's (App.razor), and a response that sets any cookie is never stored: a cached page
    /// is the same for every reader. A reader served from the cache keeps the culture cookie they had; it only
    /// steers pages without a language prefix (the root redirect, sign-in), never the public page itself.
    /// </summary>
    private sealed class PublicPagePolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var request = http.Request;
            var tags = PathTags(request.Path);
            var attempt = tags is not null
                && http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<BaqylauOptions>>().Value.PublicOutputCache
                && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && !IsStaff(request);

            context.EnableOutputCaching = attempt;
            context.AllowCacheLookup = attempt;
            context.AllowCacheStorage = attempt;
            context.AllowLocking = true;
            if (!attempt)
                return ValueTask.CompletedTask;

            context.CacheVaryByRules.QueryKeys = "*";
            foreach (var tag in tags!)
                context.Tags.Add(tag);
            return ValueTask.CompletedTask;
        }

        /// <summary>
        /// The cache runs before authentication, so it goes by what the request carries: the workspace's sign-in cookie
        /// or a bearer token means staff, who are never served a cached answer nor have theirs stored.
        /// </summary>
        private static bool IsStaff(HttpRequest request) =>
            request.Cookies.ContainsKey(Accounts.AccountsModule.AuthCookieName) || request.Headers.ContainsKey("Authorization");

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        private static bool IsCultureCookie(string? setCookie) =>
            setCookie is not null && setCookie.StartsWith(Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.DefaultCookieName + "=", StringComparison.Ordinal);

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            // A response that sets a cookie is for one reader only; errors and redirects are cheap to redo. The one
            // exception is the culture cookie: on a prefixed page it says the page's own language, the same for every
            // reader, so a first visit (no cookie yet) still fills the cache and a flood of new readers is served from it.
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Any(c => !IsCultureCookie(c)))
                context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// Evicts exactly the cached responses that show a changed statement, incident, campaign or organisation, here and
/// (through <see cref="CacheEvictionBus"/>) on every other instance sharing the database.
/// </summary>
internal sealed class OutputCacheEvictions(IOutputCacheStore store, CacheEvictionBus bus) : IPublicContentEvents
{
    public Task StatementChangedAsync(Guid statementId, CancellationToken ct = default) =>
        HereAndElsewhereAsync(CacheEvictionBus.StatementKind, statementId, ct);

    public Task IncidentChangedAsync(Guid incidentId, CancellationToken ct = default) =>
        HereAndElsewhereAsync(CacheEvictionBus.IncidentKind, incidentId, ct);

    internal static async Task EvictAsync(IOutputCacheStore store, string kind, Guid id, CancellationToken ct)
    {
        if (kind == CacheEvictionBus.StatementKind)
        {
            // Its own page in both languages, pages that show it under "Read also", and every list, feed and sitemap.
            await store.EvictByTagAsync(PublicOutputCache.StatementTag(id), ct);
            await store.EvictByTagAsync(PublicOutputCache.StatementsTag, ct);
        }
        else if (kind == CacheEvictionBus.IncidentKind)
        {
            await store.EvictByTagAsync(PublicOutputCache.IncidentTag(id), ct);
            await store.EvictByTagAsync(PublicOutputCache.IncidentsTag, ct);
        }
        else if (kind == CacheEvictionBus.TaxonomyKind)
        {
            // A category or actor name is on every incident page and filter.
            await store.EvictByTagAsync(PublicOutputCache.IncidentsTag, ct);
        }
        else if (kind == CacheEvictionBus.CampaignKind)
        {
            // Its page in both languages, then everything that shows campaign records or stances (home, lists, organisations).
            await store.EvictByTagAsync(PublicOutputCache.CampaignTag(id), ct);
            await store.EvictByTagAsync(PublicOutputCache.CampaignsTag, ct);
        }
        else if (kind == CacheEvictionBus.OrganisationKind)
        {
            // An organisation's name is on its statements, incidents and stances: every page that may show it goes.
            await store.EvictByTagAsync(PublicOutputCache.OrganisationTag(id), ct);
            await store.EvictByTagAsync(PublicOutputCache.CampaignsTag, ct);
            await store.EvictByTagAsync(PublicOutputCache.StatementsTag, ct);
            await store.EvictByTagAsync(PublicOutputCache.IncidentsTag, ct);
        }
    }

    public Task IncidentTaxonomyChangedAsync(CancellationToken ct = default) =>
        HereAndElsewhereAsync(CacheEvictionBus.TaxonomyKind, Guid.Empty, ct);

    private async Task HereAndElsewhereAsync(string kind, Guid id, CancellationToken ct)
    {
        await EvictAsync(store, kind, id, ct);
        await bus.PublishAsync(kind, id, ct);
    }

    public Task CampaignChangedAsync(Guid campaignId, CancellationToken ct = default) =>
        HereAndElsewhereAsync(CacheEvictionBus.CampaignKind, campaignId, ct);

    public Task OrganisationChangedAsync(Guid organisationId, CancellationToken ct = default) =>
        HereAndElsewhereAsync(CacheEvictionBus.OrganisationKind, organisationId, ct);
}

/// <summary>Stores no antiforgery cookie on output-cached public requests; everything else goes to the framework's.</summary>
internal sealed class PublicPageAntiforgery(IAntiforgery inner) : IAntiforgery
{
    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) =>
        PublicOutputCache.IsCacheable(httpContext) ? inner.GetTokens(httpContext) : inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext)
    {
        if (!PublicOutputCache.IsCacheable(httpContext))
            inner.SetCookieTokenAndHeader(httpContext);
    }
}
