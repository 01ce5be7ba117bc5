using System.Security.Claims;
using Baqylau.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;

namespace Baqylau.Web.Localization;

/// <summary>Reads the culture from the first path segment: /kk/… or /ru/…. Public URLs say their language.</summary>
public sealed class PathPrefixCultureProvider : RequestCultureProvider
{
    public static string? LanguageFromPath(PathString path)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value) || value.Length < 3)
            return null;
        var end = value.IndexOf('/', 1);
        var segment = end < 0 ? value[1..] : value[1..end];
        return Cultures.IsSupported(segment) ? segment.ToLowerInvariant() : null;
    }

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        // A re-executed error page (/not-found for /ru/…) speaks the language of the URL the reader asked for.
        var original = httpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath;
        var lang = LanguageFromPath(httpContext.Request.Path) ?? (original is null ? null : LanguageFromPath(original));
        if (lang is null)
            return NullProviderCultureResult;
        var name = Cultures.Get(lang).Name;
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(name, name));
    }
}

/// <summary>
/// In the workspace (and its /_blazor circuit, which has no language prefix) the signed-in user's chosen
/// language wins, so staff keep their language whatever public page they visited last.
/// </summary>
public sealed class UserPreferenceCultureProvider : RequestCultureProvider
{
    public const string ClaimType = "baqylau:lang";

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var path = httpContext.Request.Path;
        var staffArea = path.StartsWithSegments("/workspace") || path.StartsWithSegments("/_blazor");
        if (!staffArea || httpContext.User.Identity?.IsAuthenticated != true)
            return NullProviderCultureResult;
        var lang = httpContext.User.FindFirstValue(ClaimType);
        if (!Cultures.IsSupported(lang))
            return NullProviderCultureResult;
        var name = Cultures.Get(lang!).Name;
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(name, name));
    }
}
