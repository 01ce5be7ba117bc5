using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace Baqylau.Web.Api;

/// <summary>
/// Versions on the write API: an answer carries the stored version (PostgreSQL's xmin) as its ETag, and an edit
/// names the version it was based on in If-Match.
/// </summary>
public static class WriteVersions
{
    /// <summary>Where a 412 keeps the current ETag for <see cref="KeepStaleETag"/>.</summary>
    private const string StaleETagKey = "Baqylau.StaleETag";
    public static string ETagOf(uint version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void SetETag(HttpContext http, uint version) => http.Response.Headers.ETag = ETagOf(version);

    /// <summary>The version from If-Match; a 428 problem when it is missing, 412 when it is not one of our ETags.</summary>
    public static IResult? ReadIfMatch(HttpContext http, IStringLocalizer F, out uint version)
    {
        version = 0;
        var tags = http.Request.GetTypedHeaders().IfMatch;
        if (tags.Count == 0)
            return ApiProblems.Problem(StatusCodes.Status428PreconditionRequired, "Api_IfMatchRequired", F["Api_IfMatchRequired"]);
        var tag = tags[0];
        // "*" would mean "whatever is there": a blind overwrite, which is what the version check exists to prevent.
        if (tags.Count != 1 || tag.Equals(EntityTagHeaderValue.Any) || tag.IsWeak
            || !uint.TryParse(tag.Tag.Value?.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out version))
            return ApiProblems.Problem(StatusCodes.Status412PreconditionFailed, "Api_IfMatchInvalid", F["Api_IfMatchInvalid"]);
        return null;
    }

    /// <summary>412 with the current version in ETag and in the body, so the caller can fetch, merge and retry.</summary>
    public static IResult Stale(IStringLocalizer F, uint current) =>
        new StaleResult(current, ApiProblems.Problem(StatusCodes.Status412PreconditionFailed, "Api_Stale", F["Api_Stale"], null,
            new Dictionary<string, object?> { ["currentETag"] = ETagOf(current) }));

    private sealed class StaleResult(uint current, IResult problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Items[StaleETagKey] = ETagOf(current);
            SetETag(httpContext, current);
            return problem.ExecuteAsync(httpContext);
        }
    }

    /// <summary>
    /// Puts a 412's current ETag back on the answer. The exception handler middleware, which writes the problems of
    /// <see cref="ApiExceptionHandler"/>, clears ETag (and caching headers) just before the answer starts; this
    /// callback is registered earlier, so it runs after that clearing (callbacks run last-registered first).
    /// </summary>
    public static void KeepStaleETag(HttpContext context) =>
        context.Response.OnStarting(() =>
        {
            if (context.Items[StaleETagKey] is string etag)
                context.Response.Headers.ETag = etag;
            return Task.CompletedTask;
        });

    /// <summary>Reference errors and content errors together, so the caller fixes everything in one go.</summary>
    public static void ThrowIfAny(List<ValidationError> references, IReadOnlyList<ValidationError> content)
    {
        if (references.Count == 0)
            return;
        // An unknown category also reads as "category required" to the validator: say it once, as unknown.
        var all = references.Concat(content.Where(c => references.All(r => r.Field != c.Field))).ToList();
        throw new ValidationException(all);
    }
}
