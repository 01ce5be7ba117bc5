using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Baqylau.Common;
using Baqylau.Web.Accounts;
using Baqylau.Web.Campaigns;
using Baqylau.Web.Incidents;
using Baqylau.Web.Organisations;
using Baqylau.Web.Statements;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Scalar.AspNetCore;

namespace Baqylau.Web.Api;

/// <summary>
/// The read-only public API under /api/v1: route groups per area (IncidentsApi, StatementsApi, CampaignsApi,
/// OrganisationsApi), an OpenAPI document, a browsable reference served from local assets, ETags and CORS
/// open for GET only.
/// </summary>
public static class ApiSetup
{
    public const string Prefix = "/api/v1";
    public const string CorsPolicy = "PublicApiReadOnly";
    public const string OpenApiPath = "/api/v1/openapi.json";
    public const string ReferencePath = "/api/v1/reference";
    public const string CursorParam = "cursor";
    public const string LimitParam = "limit";
    public const int DefaultLimit = 50;

    public static IServiceCollection AddBaqylauApi(this IServiceCollection services)
    {
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get, HttpMethods.Head)
            .WithHeaders("If-None-Match", "Accept")
            .WithExposedHeaders("ETag")));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            // Cyrillic as characters: half the size, and readable with curl.
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        });
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Baqylau API";
                doc.Info.Version = "v1";
                doc.Info.Description =
                    "Read-only data of the Baqylau public site: public incidents (with the same filters as the timeline), " +
                    "published statements, campaigns and organisations. Texts are given in Kazakh (kk) and Russian (ru) side by side. " +
                    "Lists are keyset-paged: follow `next`. Responses carry an ETag; send If-None-Match to get 304 when nothing changed.\n\n" +
                    "Write API (\"Write API\" tag) for staff field tools and bots: get a bearer token at `POST /api/v1/auth/token` with the " +
                    "workspace credentials and second factor, then send `Authorization: Bearer <token>`. The workspace's sign-in cookie is not " +
                    "accepted for writes. Edits need If-Match with the ETag of the version edited. Errors are RFC 7807 problems in the " +
                    "language of Accept-Language (kk or ru).";
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer<BearerSecurityTransformer>();
            o.AddOperationTransformer<BearerSecurityTransformer>();
        });
        return services;
    }

    /// <summary>CORS for the API, and ETags for the API and the downloads (after routing, before the endpoints).</summary>
    public static WebApplication UseBaqylauApi(this WebApplication app)
    {
        app.UseCors();
        // A cached API answer is replayed without the CORS middleware: every public read carries the header the policy
        // gives any origin (the read API allows every origin), so a cross-site read works whoever filled the cache entry.
        app.Use((context, next) =>
        {
            if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                && context.Request.Path.StartsWithSegments(Prefix, StringComparison.Ordinal))
            {
                context.Response.Headers.AccessControlAllowOrigin = "*";
                context.Response.Headers.AccessControlExposeHeaders = "ETag";
            }

            return next(context);
        });
        // The services' refusals become problems (ApiExceptionHandler); anything else goes on to the app's error handling.
        app.UseWhen(
            ctx => ctx.Request.Path.StartsWithSegments(Prefix, StringComparison.Ordinal),
            branch =>
            {
                branch.Use((context, next) =>
                {
                    WriteVersions.KeepStaleETag(context);
                    return next(context);
                });
                branch.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = RethrowAsync });
            });
        // The API and the feeds and CSV downloads: readers poll them, so a 304 saves both sides the body.
        app.UseWhen(
            ctx => ctx.Request.Path.StartsWithSegments(Prefix, StringComparison.Ordinal)
                   || ctx.Request.Path.Value?.EndsWith(".atom", StringComparison.Ordinal) == true
                   || ctx.Request.Path.Value?.EndsWith(".csv", StringComparison.Ordinal) == true,
            branch => branch.UseMiddleware<ETagMiddleware>());
        return app;
    }

    public static WebApplication MapBaqylauApi(this WebApplication app)
    {
        var api = app.MapGroup(Prefix).RequireCors(CorsPolicy);
        // The order is the OpenAPI document's: token, then writes, then the read API.
        api.MapAuthApi();
        api.MapIncidentWriteApi();
        api.MapStatementWriteApi();
        api.MapIncidentsApi();
        api.MapStatementsApi();
        api.MapCampaignsApi();
        api.MapOrganisationsApi();
        app.MapOpenApi("/api/{documentName}/openapi.json").RequireCors(CorsPolicy);
        // Scalar's script is embedded in the package and served from here; fonts, telemetry and the
        // "agent" are switched off so the page makes no request beyond this site.
        app.MapScalarApiReference(ReferencePath, o => o
            .WithTitle("Baqylau API v1")
            .WithOpenApiRoutePattern(OpenApiPath)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()
            .HideDeveloperTools());
        return app;
    }

    /// <summary>
    /// A group of the write API: bearer tokens only (<see cref="ApiTokens.WritePolicy"/>), so the workspace's cookie never
    /// authorises a write and there is no cross-site request path.
    /// </summary>
    public static RouteGroupBuilder WriteGroup(RouteGroupBuilder api) =>
        api.MapGroup(string.Empty).WithTags("Write API").RequireAuthorization(ApiTokens.WritePolicy);

    /// <summary>
    /// Not a refusal of the services (a bug, an outage): the exception goes on to the app's own handling (the outage
    /// page, the error page) as if this branch were not there. The middleware re-throws the original when this throws.
    /// </summary>
    private static Task RethrowAsync(HttpContext context)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()!.Error);
        return Task.CompletedTask;
    }

    /// <summary>Absolute site root of this request, without a trailing slash (for permalinks in API bodies).</summary>
    public static string SiteUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>The limit asked for (1–100); null when not a number in range.</summary>
    public static bool TryReadLimit(HttpRequest request, out int limit)
    {
        limit = DefaultLimit;
        var text = request.Query[LimitParam].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
            return true;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit)
            && limit is >= 1 and <= Baqylau.Incidents.IncidentQueries.MaxPageSize;
    }

    /// <summary>The cursor, when given and well-formed.</summary>
    public static bool TryReadCursor(HttpRequest request, out KeysetCursor? cursor)
    {
        cursor = null;
        var text = request.Query[CursorParam].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
            return true;
        if (!KeysetCursor.TryDecode(text, out var c))
            return false;
        cursor = c;
        return true;
    }

    /// <summary>This request's URL with the cursor replaced: the "next" link.</summary>
    public static string NextUrl(HttpRequest request, KeysetCursor next)
    {
        var pairs = request.Query.Where(p => p.Key != CursorParam)
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? string.Empty)}"))
            .Append($"{CursorParam}={next.Encode()}");
        return $"{SiteUrl(request)}{request.Path}?{string.Join('&', pairs)}";
    }

    /// <summary>A list endpoint without filters: read limit and cursor, fetch one page, link the next.</summary>
    public static async Task<Results<Ok<ApiPage<T>>, ValidationProblem>> PageAsync<T>(
        HttpRequest request,
        Func<KeysetCursor?, int, CancellationToken, Task<(IReadOnlyList<T> Items, int Total, KeysetCursor? Next)>> page,
        CancellationToken ct)
    {
        var invalid = new List<string>();
        if (!TryReadLimit(request, out var limit))
            invalid.Add(LimitParam);
        if (!TryReadCursor(request, out var cursor))
            invalid.Add(CursorParam);
        if (invalid.Count > 0)
            return Invalid(invalid);

        var (items, total, next) = await page(cursor, limit, ct);
        return TypedResults.Ok(new ApiPage<T>(items, total, next is { } n ? NextUrl(request, n) : null));
    }

    /// <summary>400 naming the parameters that were not understood.</summary>
    public static ValidationProblem Invalid(IEnumerable<string> parameters) =>
        TypedResults.ValidationProblem(
            parameters.Distinct().ToDictionary(p => p, p => new[] { $"The value of '{p}' is not valid." }),
            title: "Invalid query parameters");

    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found" });
}
