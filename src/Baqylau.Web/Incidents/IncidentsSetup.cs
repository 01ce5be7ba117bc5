using Baqylau.Localization;
using Baqylau.Web.Infrastructure;
using Microsoft.AspNetCore.Localization;

namespace Baqylau.Web.Incidents;

/// <summary>The public incident area: timeline, permalinks, embed, downloads (pages live in Components/Public/Incidents).</summary>
public static class IncidentsSetup
{
    public static IServiceCollection AddBaqylauIncidentsPublic(this IServiceCollection services)
    {
        // /embed/{lang}/… has its language in the second segment; ask that before the usual providers.
        services.PostConfigure<RequestLocalizationOptions>(o => o.RequestCultureProviders.Insert(0, new EmbedPathCultureProvider()));
        return services;
    }

    /// <summary>Framing rules for every response: only /embed/ may be put in a frame.</summary>
    public static WebApplication UseFrameAncestors(this WebApplication app)
    {
        app.UseMiddleware<FrameAncestorsMiddleware>();
        return app;
    }
}

/// <summary>Reads the culture of /embed/{lang}/… URLs (the embed has no language prefix of its own).</summary>
public sealed class EmbedPathCultureProvider : RequestCultureProvider
{
    public static string? LanguageFromPath(PathString path)
    {
        if (!path.StartsWithSegments(FrameAncestorsMiddleware.EmbedPrefix, StringComparison.Ordinal, out var rest))
            return null;
        return Localization.PathPrefixCultureProvider.LanguageFromPath(rest) is { } lang && rest.Value!.StartsWith("/" + lang, StringComparison.Ordinal)
            ? lang
            : null;
    }

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var lang = LanguageFromPath(httpContext.Request.Path);
        if (lang is null)
            return NullProviderCultureResult;
        var name = Cultures.Get(lang).Name;
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(name, name));
    }
}
