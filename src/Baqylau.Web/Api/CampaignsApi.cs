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

    private static async Task<Results<Ok<ApiPage<CampaignDto>>, ValidationProblem>> ListAsync(
        HttpRequest request, CampaignApiQueries queries, CancellationToken ct)
    {
        var invalid = new List<string>();
        if (!ApiSetup.TryReadLimit(request, out var limit))
            invalid.Add(ApiSetup.LimitParam);
        if (!ApiSetup.TryReadCursor(request, out var cursor))
            invalid.Add(ApiSetup.CursorParam);
        if (invalid.Count > 0)
            return ApiSetup.Invalid(invalid);

        var (items, total, next) = await queries.PageAsync(cursor, limit, ct);
        return TypedResults.Ok(new ApiPage<CampaignDto>(items, total, next is { } n ? ApiSetup.NextUrl(request, n) : null));
    }
}
