namespace Baqylau.Web.Security;

/// <summary>
/// Only the embed view may be framed by other sites; every other response refuses framing (clickjacking on
/// the staff workspace, and public pages passed off inside someone else's frame). Both the CSP directive and
/// the older X-Frame-Options header are sent, for browsers that know only one of them.
/// </summary>
public sealed class FrameAncestorsMiddleware(RequestDelegate next)
{
    public const string EmbedPrefix = "/embed";

    public Task InvokeAsync(HttpContext context)
    {
        // Decided from the original path: a 404 re-executed as /not-found keeps its request's rule.
        var embeddable = context.Request.Path.StartsWithSegments(EmbedPrefix, StringComparison.Ordinal);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var directive = embeddable ? "frame-ancestors *" : "frame-ancestors 'none'";
            // Blazor adds its own "frame-ancestors 'self'" to component responses: ours replaces it, other directives stay.
            var others = headers.ContentSecurityPolicy.ToString()
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(d => !d.StartsWith("frame-ancestors", StringComparison.OrdinalIgnoreCase));
            headers.ContentSecurityPolicy = string.Join("; ", others.Append(directive));
            if (embeddable)
                headers.Remove("X-Frame-Options");
            else
                headers.XFrameOptions = "DENY";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
