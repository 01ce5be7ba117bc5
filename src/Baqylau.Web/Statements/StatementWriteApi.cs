using Baqylau.Organisations;
using Baqylau.Statements;
using Baqylau.Web.Accounts;
using Baqylau.Web.Api;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Statements;

/// <summary>
/// The write API's statements: create and edit drafts with a bearer token only (publishing stays an editorial act
/// in the workspace). Every call goes through <see cref="StatementService"/>; whatever it refuses becomes a problem in
/// <see cref="ApiExceptionHandler"/>. Edits carry the version they are based on in If-Match.
/// </summary>
public static class StatementWriteApi
{
    public static RouteGroupBuilder MapStatementWriteApi(this RouteGroupBuilder api)
    {
        var group = ApiSetup.WriteGroup(api);

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

    private static async Task<IResult> CreateStatementAsync(
        HttpContext http, StatementService statements, StatementWriteReferences references, OrganisationWriteReferences organisations, IStringLocalizer<FieldStrings> F)
    {
        var (request, error) = await ApiProblems.ReadJsonAsync<StatementWriteRequest>(http, F);
        if (error is not null)
            return error;
        var user = http.User.ToStaffUser();
        var errors = new List<ValidationError>();
        var organisation = await organisations.OrganisationAsync(request!.Organisation, errors, http.RequestAborted);
        var content = await references.StatementContentAsync(request, null, errors, http.RequestAborted);
        WriteVersions.ThrowIfAny(errors, StatementValidation.Validate(content, null));
        var model = (await statements.CreateAsync(user, content, organisation, http.RequestAborted)).Statement;
        WriteVersions.SetETag(http, model.Version);
        return TypedResults.Created($"/workspace/statements/{model.Id}", new StatementWriteResult(model.Id, model.PublicId, model.Version, model.Status));
    }

    private static async Task<IResult> SaveStatementAsync(
        Guid id, HttpContext http, StatementService statements, StatementWriteReferences references, IStringLocalizer<FieldStrings> F)
    {
        if (WriteVersions.ReadIfMatch(http, F, out var version) is { } precondition)
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
        WriteVersions.ThrowIfAny(errors, StatementValidation.Validate(content, id));
        var model = (await statements.SaveAsync(user, id, content, version, null, http.RequestAborted)).Statement;
        WriteVersions.SetETag(http, model.Version);
        return TypedResults.Ok(new StatementWriteResult(model.Id, model.PublicId, model.Version, model.Status));
    }
}
