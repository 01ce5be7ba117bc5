using System.Globalization;
using Baqylau.Common;
using Baqylau.Incidents;
using Baqylau.Statements;
using Baqylau.Web.Accounts;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace Baqylau.Web.Api;

/// <summary>
/// The write API for field tools and bots: create and edit incidents, create and edit statement drafts. Bearer
/// tokens only (<see cref="ApiTokens.WritePolicy"/>). Every call goes through the workspace services, so the same
/// validation, organisation and role rules and the same audit trail apply. Edits carry the version they are based
/// on in If-Match (the ETag of the previous answer); a stale one gets 412 with the current ETag.
/// </summary>
public static class WriteApi
{
    public static RouteGroupBuilder MapWriteApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(string.Empty).WithTags("Write API").RequireAuthorization(ApiTokens.WritePolicy);

        group.MapPost("/incidents", CreateIncidentAsync)
            .WithName("CreateIncident")
            .WithSummary("Log a new incident (internal and \"reported\" until an editor decides)")
            .WithDescription("Category, actor and campaign by slug, region by code, linked statements by id or public id. " +
                             "`visibility: \"public\"` is for Editors and Admins only. Answers 201 with the new version in ETag.")
            .Accepts<IncidentWriteRequest>("application/json")
            .Produces<IncidentWriteResult>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPut("/incidents/{id:guid}", SaveIncidentAsync)
            .WithName("UpdateIncident")
            .WithSummary("Replace an incident's fields (If-Match required)")
            .WithDescription("Send every field (a PUT replaces them all) and If-Match with the ETag of the version you edited. " +
                             "412 when someone saved in between (the answer's ETag is the current version); 404 for another organisation's incident.")
            .Accepts<IncidentWriteRequest>("application/json")
            .Produces<IncidentWriteResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        group.MapPost("/statements", CreateStatementAsync)
            .WithName("CreateStatement")
            .WithSummary("Write a new statement draft")
            .WithDescription("Texts per language (Markdown body), rubric, campaign and tags by slug, \"Read also\" by id or public id. " +
                             "Publishing stays in the workspace.")
            .Accepts<StatementWriteRequest>("application/json")
            .Produces<StatementWriteResult>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPut("/statements/{id:guid}", SaveStatementAsync)
            .WithName("UpdateStatementDraft")
            .WithSummary("Replace a draft's texts and fields (If-Match required)")
            .WithDescription("Drafts only (409 otherwise: a statement in review or public changes in the workspace). The photo is kept.")
            .Accepts<StatementWriteRequest>("application/json")
            .Produces<StatementWriteResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return api;
    }

    // ---------------------------------------------------------------- incidents

    private static Task<IResult> CreateIncidentAsync(
        HttpContext http, IncidentService incidents, ApiReferences references, IStringLocalizer<WorkspaceStrings> W, IStringLocalizer<FieldStrings> F,
        ILoggerFactory loggers) =>
        RunAsync(W, F, async () =>
        {
            var log = loggers.CreateLogger(typeof(WriteApi));
            var (request, error) = await ApiProblems.ReadJsonAsync<IncidentWriteRequest>(http, F);
            if (error is not null)
                return error;
            var user = http.User.ToStaffUser();
            if (request!.Visibility == IncidentVisibility.Public && !IncidentService.CanChangeVisibility(user))
                throw StaffRules.Refused(user, log);
            var errors = new List<ValidationError>();
            var organisation = await references.OrganisationAsync(request.Organisation, errors, http.RequestAborted);
            var content = await references.IncidentContentAsync(request, errors, http.RequestAborted);
            ThrowIfAny(errors, IncidentService.Validate(content));

            var saved = await incidents.CreateAsync(user, content, organisation, http.RequestAborted);
            if (request.Visibility == IncidentVisibility.Public)
                saved = await incidents.SetVisibilityAsync(user, saved.Id, saved.Version, IncidentVisibility.Public, http.RequestAborted);
            var result = await IncidentResultAsync(incidents, user, saved, http.RequestAborted);
            SetETag(http, result.Version);
            return TypedResults.Created($"/workspace/incidents/{result.Id}", result);
        });

    private static Task<IResult> SaveIncidentAsync(
        Guid id, HttpContext http, IncidentService incidents, ApiReferences references, IStringLocalizer<WorkspaceStrings> W, IStringLocalizer<FieldStrings> F,
        ILoggerFactory loggers) =>
        RunAsync(W, F, async () =>
        {
            var log = loggers.CreateLogger(typeof(WriteApi));
            if (ReadIfMatch(http, F, out var version) is { } precondition)
                return precondition;
            var (request, error) = await ApiProblems.ReadJsonAsync<IncidentWriteRequest>(http, F);
            if (error is not null)
                return error;
            var user = http.User.ToStaffUser();
            // Not found (or another organisation's) before anything about the content or roles, as in the workspace.
            var current = await incidents.GetAsync(user, id, http.RequestAborted);
            var errors = new List<ValidationError>();
            var content = await references.IncidentContentAsync(request!, errors, http.RequestAborted);
            ThrowIfAny(errors, IncidentService.Validate(content));
            var visibility = request!.Visibility;
            if (visibility is { } wanted && wanted != current.Visibility && !IncidentService.CanChangeVisibility(user))
                throw StaffRules.Refused(user, log);

            // Withdrawing a public incident goes first, so the text never shows publicly in between; publishing goes last.
            var saved = new IncidentSaveResult(id, version);
            if (visibility == IncidentVisibility.Internal && current.Visibility == IncidentVisibility.Public)
                saved = await incidents.SetVisibilityAsync(user, id, saved.Version, IncidentVisibility.Internal, http.RequestAborted);
            saved = await incidents.SaveAsync(user, id, content, saved.Version, http.RequestAborted);
            if (visibility == IncidentVisibility.Public && current.Visibility == IncidentVisibility.Internal)
                saved = await incidents.SetVisibilityAsync(user, id, saved.Version, IncidentVisibility.Public, http.RequestAborted);
            var result = await IncidentResultAsync(incidents, user, saved, http.RequestAborted);
            SetETag(http, result.Version);
            return TypedResults.Ok(result);
        });

    private static async Task<IncidentWriteResult> IncidentResultAsync(IncidentService incidents, StaffUser user, IncidentSaveResult saved, CancellationToken ct)
    {
        var model = await incidents.GetAsync(user, saved.Id, ct);
        return new IncidentWriteResult(model.Id, model.PublicId, model.Version, model.Verification, model.Visibility);
    }

    // ---------------------------------------------------------------- statements

    private static Task<IResult> CreateStatementAsync(
        HttpContext http, StatementService statements, ApiReferences references, IStringLocalizer<WorkspaceStrings> W, IStringLocalizer<FieldStrings> F) =>
        RunAsync(W, F, async () =>
        {
            var (request, error) = await ApiProblems.ReadJsonAsync<StatementWriteRequest>(http, F);
            if (error is not null)
                return error;
            var user = http.User.ToStaffUser();
            var errors = new List<ValidationError>();
            var organisation = await references.OrganisationAsync(request!.Organisation, errors, http.RequestAborted);
            var content = await references.StatementContentAsync(request, null, errors, http.RequestAborted);
            ThrowIfAny(errors, StatementValidation.Validate(content, null));
            var saved = await statements.CreateAsync(user, content, organisation, http.RequestAborted);
            var model = await statements.GetAsync(user, saved.Id, http.RequestAborted);
            SetETag(http, model.Version);
            return TypedResults.Created($"/workspace/statements/{model.Id}", new StatementWriteResult(model.Id, model.PublicId, model.Version, model.Status));
        });

    private static Task<IResult> SaveStatementAsync(
        Guid id, HttpContext http, StatementService statements, ApiReferences references, IStringLocalizer<WorkspaceStrings> W, IStringLocalizer<FieldStrings> F) =>
        RunAsync(W, F, async () =>
        {
            if (ReadIfMatch(http, F, out var version) is { } precondition)
                return precondition;
            var (request, error) = await ApiProblems.ReadJsonAsync<StatementWriteRequest>(http, F);
            if (error is not null)
                return error;
            var user = http.User.ToStaffUser();
            var current = await statements.GetAsync(user, id, http.RequestAborted);
            // The API edits drafts; review and publication are editorial acts in the workspace.
            if (current.Status != StatementStatus.Draft)
                throw new RuleException(StatementErrors.NotADraft);
            var errors = new List<ValidationError>();
            var content = await references.StatementContentAsync(request!, current.Content.PhotoPath, errors, http.RequestAborted);
            ThrowIfAny(errors, StatementValidation.Validate(content, id));
            await statements.SaveAsync(user, id, content, version, null, http.RequestAborted);
            var model = await statements.GetAsync(user, id, http.RequestAborted);
            SetETag(http, model.Version);
            return TypedResults.Ok(new StatementWriteResult(model.Id, model.PublicId, model.Version, model.Status));
        });

    // ---------------------------------------------------------------- shared

    /// <summary>Reference errors and content errors together, so the caller fixes everything in one go.</summary>
    private static void ThrowIfAny(List<ValidationError> references, IReadOnlyList<ValidationError> content)
    {
        if (references.Count == 0)
            return;
        // An unknown category also reads as "category required" to the validator: say it once, as unknown.
        var all = references.Concat(content.Where(c => references.All(r => r.Field != c.Field))).ToList();
        throw new ValidationException(all);
    }

    /// <summary>The services' exceptions as problems: 400, 403, 404, 409 (state), 412 (stale version).</summary>
    private static async Task<IResult> RunAsync(IStringLocalizer W, IStringLocalizer F, Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ValidationException ex)
        {
            return ApiProblems.Validation(ex.Errors, W, F);
        }
        catch (NotFoundException)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "Api_NotFound", F["Api_NotFound"]);
        }
        catch (ForbiddenException)
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Api_Forbidden", F["Api_Forbidden"]);
        }
        catch (ConflictException ex) when (ex.CurrentVersion is { } current)
        {
            return Stale(F, current);
        }
        catch (DomainException ex)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, ex.ErrorKey, W[ex.ErrorKey]);
        }
    }

    private static StaleResult Stale(IStringLocalizer F, uint current) =>
        new StaleResult(current, ApiProblems.Problem(StatusCodes.Status412PreconditionFailed, "Api_Stale", F["Api_Stale"], null,
            new Dictionary<string, object?> { ["currentETag"] = ETagOf(current) }));

    public static string ETagOf(uint version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    private static void SetETag(HttpContext http, uint version) => http.Response.Headers.ETag = ETagOf(version);

    /// <summary>The version from If-Match; a 428 problem when it is missing, 412 when it is not one of our ETags.</summary>
    private static IResult? ReadIfMatch(HttpContext http, IStringLocalizer F, out uint version)
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

    /// <summary>The 412 problem with the current version in ETag, so the caller can fetch-merge-retry.</summary>
    private sealed class StaleResult(uint current, IResult problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            SetETag(httpContext, current);
            return problem.ExecuteAsync(httpContext);
        }
    }
}
