using Baqylau.Campaigns;
using Baqylau.Common;
using Baqylau.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baqylau.Web.Campaigns;

/// <summary>
/// Campaigns on the web: the read API (/api/v1/campaigns); the public pages live in Public/, the admin pages in Workspace/.
/// </summary>
public static class CampaignsModule
{
    public static RouteGroupBuilder MapCampaignsApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/campaigns").WithTags("Campaigns")
            .MapGet("/", ListAsync)
            .WithName("ListCampaigns")
            .WithSummary("Campaigns, latest voting day first (archived ones flagged)");
        return api;
    }

    private static Task<Results<Ok<ApiPage<CampaignDto>>, ValidationProblem>> ListAsync(
        HttpRequest request, CampaignApiQueries queries, CancellationToken ct) =>
        ApiSetup.PageAsync<CampaignDto>(request, queries.PageAsync, ct);
}
