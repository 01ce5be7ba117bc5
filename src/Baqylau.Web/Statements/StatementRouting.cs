using Baqylau.Localization;
using Baqylau.Statements;
using Baqylau.Web.Statements.Public;
using Microsoft.AspNetCore.Components.Endpoints;

namespace Baqylau.Web.Statements;

/// <summary>
/// Answers old and other-language slugs of /{lang}/statements/{slug} with 301 before the page renders (a Blazor
/// page can only send 302). Runs after routing picked the statement page, and after the output cache, so cached
/// pages cost no query. The resolution is handed to the page, which then does not look the slug up again.
/// </summary>
public static class StatementRouting
{
    private static readonly object ResolutionKey = new();

    public static string PathOf(string lang, string slug) => $"/{lang}/statements/{Uri.EscapeDataString(slug)}";

    /// <summary>What the middleware found for this request, if it ran.</summary>
    public static StatementSlugResolution? Resolution(HttpContext? context) =>
        context?.Items.TryGetValue(ResolutionKey, out var value) == true ? value as StatementSlugResolution : null;

    public static IApplicationBuilder UseStatementSlugRedirects(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var component = context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
            if (component != typeof(StatementPage)
                || context.Request.RouteValues["Lang"] is not string lang
                || context.Request.RouteValues["Slug"] is not string slug
                || !Cultures.IsSupported(lang) || !string.Equals(lang, lang.ToLowerInvariant(), StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            var queries = context.RequestServices.GetRequiredService<StatementQueries>();
            var resolution = await queries.ResolveAsync(lang, slug, context.RequestAborted);
            if (resolution is { Match: SlugMatch.Redirect, Slug: { } target })
            {
                context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                context.Response.Headers.Location = PathOf(lang, target) + context.Request.QueryString;
                return;
            }

            context.Items[ResolutionKey] = resolution;
            await next(context);
        });
}
