using Baqylau.Incidents;
using Baqylau.Organisations;
using Baqylau.Web.Accounts;
using Baqylau.Web.Api;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Incidents;

/// <summary>
/// The write API's incidents, for field tools and bots: create and edit with a bearer token only. Every call goes
/// through <see cref="IncidentService"/>, so the workspace's validation, organisation and role rules and its audit
/// trail apply; whatever the service refuses becomes a problem in <see cref="ApiExceptionHandler"/>. Edits carry the
/// version they are based on in If-Match (the ETag of the previous answer).
/// </summary>
public static class IncidentWriteApi
{
    public static RouteGroupBuilder MapIncidentWriteApi(this RouteGroupBuilder api)
    {
        var group = ApiSetup.WriteGroup(api);

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
        return api;
    }

    private static async Task<IResult> CreateIncidentAsync(
        HttpContext http, IncidentService incidents, IncidentWriteReferences references, OrganisationWriteReferences organisations, IStringLocalizer<FieldStrings> F,
        ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger(typeof(IncidentWriteApi));
        var (request, error) = await ApiProblems.ReadJsonAsync<IncidentWriteRequest>(http, F);
        if (error is not null)
            return error;
        var user = http.User.ToStaffUser();
        if (request!.Visibility == IncidentVisibility.Public && !IncidentRules.CanChangeVisibility(user))
            throw StaffRules.Refused(user, log);
        var errors = new List<ValidationError>();
        var organisation = await organisations.OrganisationAsync(request.Organisation, errors, http.RequestAborted);
        var content = await references.IncidentContentAsync(request, errors, http.RequestAborted);
        WriteVersions.ThrowIfAny(errors, IncidentValidation.Validate(content));

        var saved = await incidents.CreateAsync(user, content, organisation, http.RequestAborted);
        if (request.Visibility == IncidentVisibility.Public)
            saved = await incidents.SetVisibilityAsync(user, saved.Id, saved.Version, IncidentVisibility.Public, http.RequestAborted);
        var result = ResultOf(saved.Incident);
        WriteVersions.SetETag(http, result.Version);
        return TypedResults.Created($"/workspace/incidents/{result.Id}", result);
    }

    private static async Task<IResult> SaveIncidentAsync(
        Guid id, HttpContext http, IncidentService incidents, IncidentWriteReferences references, IStringLocalizer<FieldStrings> F,
        ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger(typeof(IncidentWriteApi));
        if (WriteVersions.ReadIfMatch(http, F, out var version) is { } precondition)
            return precondition;
        var (request, error) = await ApiProblems.ReadJsonAsync<IncidentWriteRequest>(http, F);
        if (error is not null)
            return error;
        var user = http.User.ToStaffUser();
        // Not found (or another organisation's) before anything about the content or roles, as in the workspace.
        var current = await incidents.GetAsync(user, id, http.RequestAborted);
        var errors = new List<ValidationError>();
        var content = await references.IncidentContentAsync(request!, errors, http.RequestAborted);
        WriteVersions.ThrowIfAny(errors, IncidentValidation.Validate(content));
        var visibility = request!.Visibility;
        if (visibility is { } wanted && wanted != current.Visibility && !IncidentRules.CanChangeVisibility(user))
            throw StaffRules.Refused(user, log);

        // Withdrawing a public incident goes first, so the text never shows publicly in between; publishing goes last.
        if (visibility == IncidentVisibility.Internal && current.Visibility == IncidentVisibility.Public)
            version = (await incidents.SetVisibilityAsync(user, id, version, IncidentVisibility.Internal, http.RequestAborted)).Version;
        var saved = await incidents.SaveAsync(user, id, content, version, http.RequestAborted);
        if (visibility == IncidentVisibility.Public && current.Visibility == IncidentVisibility.Internal)
            saved = await incidents.SetVisibilityAsync(user, id, saved.Version, IncidentVisibility.Public, http.RequestAborted);
        var result = ResultOf(saved.Incident);
        WriteVersions.SetETag(http, result.Version);
        return TypedResults.Ok(result);
    }

    private static IncidentWriteResult ResultOf(IncidentEditModel model) =>
        new(model.Id, model.PublicId, model.Version, model.Verification, model.Visibility);
}
