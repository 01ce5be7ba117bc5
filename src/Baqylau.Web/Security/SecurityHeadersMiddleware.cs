namespace Baqylau.Web.Security;

/// <summary>
/// Headers on every response (pages, API, files, errors): a Content-Security-Policy that allows scripts from this
/// site only (no inline script, no eval), nosniff, a strict Referrer-Policy and a Permissions-Policy that switches
/// off device features. Framing is decided by <c>FrameAncestorsMiddleware</c>, which appends its directive to this
/// policy. Styles allow 'unsafe-inline' because MudBlazor and Blazor write style attributes; scripts never do.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>The policy without frame-ancestors (added per path by the framing middleware).</summary>
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-src 'self'; worker-src 'self' blob:; manifest-src 'self'";

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()";

    /// <summary>Extra script-src sources for one response (hashes of a package's inline script), set before it starts.</summary>
    public const string ExtraScriptSourcesItem = "Baqylau.Csp.ExtraScriptSources";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var policy = Policy;
            if (context.Items[ExtraScriptSourcesItem] is string extra && extra.Length > 0)
                policy = policy.Replace("script-src 'self'", "script-src 'self' " + extra, StringComparison.Ordinal);
            // Replaces whatever an endpoint set (Blazor sets only frame-ancestors, which the framing middleware re-adds).
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            // Staff URLs name incidents and drafts: they never leave in a Referer. Public pages give only the origin.
            headers["Referrer-Policy"] = context.Request.Path.StartsWithSegments("/workspace") || context.Request.Path.StartsWithSegments("/account")
                ? "no-referrer"
                : "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
