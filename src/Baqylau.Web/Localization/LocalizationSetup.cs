using Baqylau.Localization;
using Microsoft.AspNetCore.Localization;

namespace Baqylau.Web.Localization;

public static class LocalizationSetup
{
    public static IServiceCollection AddBaqylauLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddBaqylauMudLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Cultures.All.Select(Cultures.Get).ToList();
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.DefaultRequestCulture = new RequestCulture(Cultures.Get(Cultures.Default));
            o.ApplyCurrentCultureToResponseHeaders = true;
            o.FallBackToParentCultures = true;
            // URL first, then the staff member's choice, then the cookie, then the browser.
            // No query-string provider: ?culture= would make duplicate URLs and override the prefix.
            o.RequestCultureProviders =
            [
                new PathPrefixCultureProvider(),
                new UserPreferenceCultureProvider(),
                new CookieRequestCultureProvider(),
                new NeutralAcceptLanguageProvider(),
            ];
        });
        return services;
    }

    /// <summary>Cookie value for a language, as the culture cookie expects it.</summary>
    public static string CookieValue(string lang)
    {
        var culture = Cultures.Get(lang);
        return CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture, culture));
    }

    public static void WriteCultureCookie(HttpResponse response, string lang)
    {
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieValue(lang),
            new CookieOptions
            {
                Path = "/",
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                IsEssential = true,
                Secure = response.HttpContext.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
    }

    /// <summary>Does the request already carry the culture cookie for <paramref name="lang"/>? Then there is nothing to write.</summary>
    public static bool HasCultureCookie(HttpRequest request, string lang) =>
        request.Cookies.TryGetValue(CookieRequestCultureProvider.DefaultCookieName, out var cookie)
        && string.Equals(cookie, CookieValue(lang), StringComparison.Ordinal);

    /// <summary>The language for a request without a prefix: cookie, then Accept-Language, then Kazakh.</summary>
    public static string PreferredLanguage(HttpRequest request)
    {
        if (request.Cookies.TryGetValue(CookieRequestCultureProvider.DefaultCookieName, out var cookie)
            && CookieRequestCultureProvider.ParseCookieValue(cookie) is { } parsed
            && parsed.UICultures.Count > 0)
        {
            var fromCookie = parsed.UICultures[0].Value?.Split('-')[0];
            if (Cultures.IsSupported(fromCookie))
                return fromCookie!.ToLowerInvariant();
        }

        return NeutralAcceptLanguageProvider.FromHeader(request) ?? Cultures.Default;
    }
}

/// <summary>Accept-Language where "ru", "ru-RU" or "kk" all map to our specific cultures (the default provider needs exact matches).</summary>
public sealed class NeutralAcceptLanguageProvider : RequestCultureProvider
{
    public static string? FromHeader(HttpRequest request)
    {
        var header = request.GetTypedHeaders().AcceptLanguage;
        foreach (var value in header.OrderByDescending(h => h.Quality ?? 1))
        {
            var lang = value.Value.Value?.Split('-')[0];
            if (Cultures.IsSupported(lang))
                return lang!.ToLowerInvariant();
        }

        return null;
    }

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var lang = FromHeader(httpContext.Request);
        if (lang is null)
            return NullProviderCultureResult;
        var name = Cultures.Get(lang).Name;
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(name, name));
    }
}
