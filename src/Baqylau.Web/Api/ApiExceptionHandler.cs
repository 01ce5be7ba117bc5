using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Api;

/// <summary>
/// The one mapping from the domain's errors to RFC 7807 problems on the API, in the caller's language: 400 with the
/// workspace's own message per field, 403, 404, 409 for a refused step, and 412 with the current ETag for a stale
/// version. Endpoints just call the services; whatever they throw is answered here.
/// </summary>
public sealed class ApiExceptionHandler(IStringLocalizer<WorkspaceStrings> W, IStringLocalizer<FieldStrings> F) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DomainException error || !httpContext.Request.Path.StartsWithSegments(ApiSetup.Prefix, StringComparison.Ordinal))
            return false;
        // The culture the localization middleware chose did not flow back out with the exception.
        ApiProblems.EnsureCulture(httpContext);
        await ToProblem(error).ExecuteAsync(httpContext);
        return true;
    }

    public IResult ToProblem(DomainException error) => error switch
    {
        ValidationException invalid => ApiProblems.Validation(invalid.Errors, W, F),
        NotFoundException => ApiProblems.Problem(StatusCodes.Status404NotFound, "Api_NotFound", F["Api_NotFound"]),
        ForbiddenException => ApiProblems.Problem(StatusCodes.Status403Forbidden, "Api_Forbidden", F["Api_Forbidden"]),
        ConflictException { CurrentVersion: { } current } => WriteVersions.Stale(F, current),
        _ => ApiProblems.Problem(StatusCodes.Status409Conflict, error.ErrorKey, W[error.ErrorKey]),
    };
}
