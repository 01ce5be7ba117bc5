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

    private static Task<Results<Ok<ApiPage<OrganisationDto>>, ValidationProblem>> ListAsync(
        HttpRequest request, OrganisationApiQueries queries, CancellationToken ct) =>
        ApiSetup.PageAsync<OrganisationDto>(request, queries.PageAsync, ct);
}
