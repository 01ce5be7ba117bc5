using System.Globalization;
using Baqylau.Common;
using Baqylau.Incidents;
using Baqylau.Statements;
using Baqylau.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baqylau.Web.Statements;

/// <summary>/api/v1/statements: published, corrected and retracted statements, newest first.</summary>
public static class StatementsApi
{
    public static RouteGroupBuilder MapStatementsApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/statements").WithTags("Statements")
            .MapGet("/", ListAsync)
            .WithName("ListStatements")
            .WithSummary("Public statements, newest first")
            .WithDescription("Filters: organisation and campaign (slugs), from and to (years of publication). Paging: limit (1–100) and cursor (from `next`). Drafts never appear.");
        return api;
    }

    private static async Task<Results<Ok<ApiPage<StatementDto>>, ValidationProblem>> ListAsync(
        HttpRequest request, StatementApiQueries queries, CancellationToken ct)
    {
        var invalid = new List<string>();
        string? Slug(string name)
        {
            var v = request.Query[name].FirstOrDefault();
            if (string.IsNullOrEmpty(v))
                return null;
            if (IncidentFilter.IsSlug(v))
                return v;
            invalid.Add(name);
            return null;
        }

        int? Year(string name)
        {
            var v = request.Query[name].FirstOrDefault();
            if (string.IsNullOrEmpty(v))
                return null;
            if (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1991 and <= 2100)
                return y;
            invalid.Add(name);
            return null;
        }

        var filter = new StatementApiFilter(Slug("organisation"), Slug("campaign"), Year("from"), Year("to"));
        if (!ApiSetup.TryReadLimit(request, out var limit))
            invalid.Add(ApiSetup.LimitParam);
        if (!ApiSetup.TryReadCursor(request, out var cursor))
            invalid.Add(ApiSetup.CursorParam);
        if (invalid.Count > 0)
            return ApiSetup.Invalid(invalid);

        var (items, total, next) = await queries.PageAsync(filter, cursor, limit, ApiSetup.SiteUrl(request), ct);
        return TypedResults.Ok(new ApiPage<StatementDto>(items, total, next is { } n ? ApiSetup.NextUrl(request, n) : null));
    }
}
