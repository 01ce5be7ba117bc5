using Baqylau.Common;
using Baqylau.Organisations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baqylau.Web.Api;

/// <summary>/api/v1/organisations: the organisations' public profiles.</summary>
public static class OrganisationsApi
{
    public static RouteGroupBuilder MapOrganisationsApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/organisations").WithTags("Organisations")
            .MapGet("/", ListAsync)
            .WithName("ListOrganisations")
            .WithSummary("Organisations' public profiles");
        return api;
    }

    private static async Task<Results<Ok<ApiPage<OrganisationDto>>, ValidationProblem>> ListAsync(
        HttpRequest request, OrganisationApiQueries queries, CancellationToken ct)
    {
        var invalid = new List<string>();
        if (!ApiSetup.TryReadLimit(request, out var limit))
            invalid.Add(ApiSetup.LimitParam);
        if (!ApiSetup.TryReadCursor(request, out var cursor))
            invalid.Add(ApiSetup.CursorParam);
        if (invalid.Count > 0)
            return ApiSetup.Invalid(invalid);

        var (items, total, next) = await queries.PageAsync(cursor, limit, ct);
        return TypedResults.Ok(new ApiPage<OrganisationDto>(items, total, next is { } n ? ApiSetup.NextUrl(request, n) : null));
    }
}
