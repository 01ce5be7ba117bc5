using System.ComponentModel;
using Baqylau.Common;
using Baqylau.Incidents;
using Baqylau.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Baqylau.Web.Incidents;

/// <summary>/api/v1/incidents: public incidents with the timeline's filters, keyset-paged.</summary>
public static class IncidentsApi
{
    public static RouteGroupBuilder MapIncidentsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/incidents").WithTags("Incidents");
        group.MapGet("/", ListAsync)
            .WithName("ListIncidents")
            .WithSummary("Public incidents, newest first, undated last")
            .WithDescription(
                "Filters (all optional, as on the timeline page): campaign, organisation, category, actor (slugs), region (code), " +
                "from and to (years; a fuzzy date is kept when its period overlaps them), status (reported, corroborated, verified, disputed) " +
                "and q (full text in Kazakh or Russian). Paging: limit (1–100, default 50) and cursor (copy it from `next`).");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetIncident")
            .WithSummary("One public incident by its permalink id");
        return api;
    }

    /// <summary>The query parameters, declared so the OpenAPI document lists them; read as text and parsed leniently.</summary>
    public sealed record ListQuery(
        [property: FromQuery(Name = "campaign"), Description("Campaign slug, e.g. kurultai-2026")] string? Campaign,
        [property: FromQuery(Name = "organisation"), Description("Organisation slug")] string? Organisation,
        [property: FromQuery(Name = "category"), Description("Category slug")] string? Category,
        [property: FromQuery(Name = "actor"), Description("Actor slug")] string? Actor,
        [property: FromQuery(Name = "region"), Description("Region code, e.g. almaty")] string? Region,
        [property: FromQuery(Name = "from"), Description("First year (kept when the incident's period ends in or after it)")] string? From,
        [property: FromQuery(Name = "to"), Description("Last year (kept when the incident's period starts in or before it)")] string? To,
        [property: FromQuery(Name = "status"), Description("reported, corroborated, verified or disputed")] string? Status,
        [property: FromQuery(Name = "q"), Description("Full-text search in Kazakh or Russian")] string? Q,
        [property: FromQuery(Name = "limit"), Description("Page size, 1–100 (default 50)")] string? Limit,
        [property: FromQuery(Name = "cursor"), Description("Opaque position from the previous page's `next`")] string? Cursor);

    private static async Task<Results<Ok<ApiPage<IncidentDto>>, ValidationProblem>> ListAsync(
        [AsParameters] ListQuery query, HttpRequest request, IncidentQueries queries, CancellationToken ct)
    {
        // The declared parameters document the API; the values are read from the query string in one place for every output.
        _ = query;
        var timeline = TimelineRequest.Read(request.Query, ApiSetup.CursorParam);
        var invalid = timeline.Invalid.ToList();
        if (!ApiSetup.TryReadLimit(request, out var limit))
            invalid.Add(ApiSetup.LimitParam);
        if (invalid.Count > 0)
            return ApiSetup.Invalid(invalid);

        var page = await queries.TimelineAsync(timeline.Filter, timeline.After, limit, ct);
        var site = ApiSetup.SiteUrl(request);
        return TypedResults.Ok(new ApiPage<IncidentDto>(
            page.Items.Select(i => IncidentDto.From(i, site)).ToList(),
            page.Total,
            page.Next is { } next ? ApiSetup.NextUrl(request, next) : null));
    }

    private static async Task<Results<Ok<IncidentDto>, ProblemHttpResult>> GetAsync(
        string id, HttpRequest request, IncidentQueries queries, CancellationToken ct)
    {
        var incident = await queries.PublicDetailAsync(id, ct);
        return incident is null ? ApiSetup.NotFound() : TypedResults.Ok(IncidentDto.From(incident, ApiSetup.SiteUrl(request)));
    }
}
