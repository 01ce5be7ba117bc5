using Baqylau.Campaigns;
using Baqylau.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baqylau.Web.Api;

/// <summary>/api/v1/campaigns: elections and referendums, latest voting day first.</summary>
public static class CampaignsApi
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
