using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Baqylau.Web.Security;

/// <summary>
/// The API reference page (Scalar, a package) starts itself with one inline module script we cannot move into a
/// file. Instead of 'unsafe-inline', this buffers that page and allows exactly its inline scripts by SHA-256 hash.
/// </summary>
public sealed partial class InlineScriptHashMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var html = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            var hashes = InlineScript().Matches(html)
                .Select(m => m.Groups[1].Value)
                .Where(body => body.Trim().Length > 0)
                .Select(body => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}'")
                .Distinct();
            context.Items[SecurityHeadersMiddleware.ExtraScriptSourcesItem] = string.Join(' ', hashes);
        }

        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    // A <script> without src: its body is what the browser hashes.
    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
