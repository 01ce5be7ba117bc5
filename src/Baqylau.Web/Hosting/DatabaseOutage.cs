using System.Globalization;
using System.Net;
using Baqylau.Localization;
using Baqylau.Web.Localization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Baqylau.Web.Hosting;

/// <summary>
/// While PostgreSQL is down or restarting (and the retrying execution strategy has given up), readers get a short
/// localised 503 page with Retry-After instead of an error page or a stack trace; the app itself keeps running
/// and serves normally again as soon as the database answers.
/// </summary>
public sealed class DatabaseOutageMiddleware(RequestDelegate next, ILogger<DatabaseOutageMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (IsDatabaseOutage(ex) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            // The path only: query strings may carry what readers typed.
            logger.LogWarning("Database unavailable while serving {Path}: {Error}", context.Request.Path.Value, ex.GetBaseException().Message);
            await WriteAsync(context);
        }
    }

    /// <summary>Connection-level failures (refused, reset, server shutting down or starting), not query errors.</summary>
    public static bool IsDatabaseOutage(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    // 57P0x: admin shutdown, crash shutdown, cannot connect now; 08xxx: connection exceptions.
                    return pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException:
                case System.Net.Sockets.SocketException:
                case Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException:
                    return true;
                case AggregateException agg when agg.InnerExceptions.Any(IsDatabaseOutage):
                    return true;
            }
        }

        return false;
    }

    private static async Task WriteAsync(HttpContext context)
    {
        var request = context.Request;
        var lang = PathPrefixCultureProvider.LanguageFromPath(request.Path) ?? LocalizationSetup.PreferredLanguage(request);
        var culture = Cultures.Get(lang);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        var m = context.RequestServices.GetRequiredService<IStringLocalizer<MirrorStrings>>();

        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = "5";
        response.Headers.CacheControl = "no-store";
        if (request.Path.StartsWithSegments("/api"))
        {
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(m["Unavailable_Text"]);
            return;
        }

        // Self-contained: no layout, no asset, nothing that could need the database.
        var title = WebUtility.HtmlEncode(m["Unavailable_Title"]);
        var text = WebUtility.HtmlEncode(m["Unavailable_Text"]);
        var home = WebUtility.HtmlEncode(m["Unavailable_Home"]);
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="{{lang}}"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <meta name="robots" content="noindex" /><title>{{title}}</title>
            <style>body{font:17px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d2a30}h1{font-size:1.5rem;color:#0b5a6b}</style>
            </head><body><main><h1>{{title}}</h1><p>{{text}}</p><p><a href="/{{lang}}">{{home}}</a></p></main></body></html>
            """);
    }
}

/// <summary>Readiness: one short query on a new connection, with its own timeout (no retries: a probe must answer fast).</summary>
public sealed class PostgresReadyCheck(IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(DatabaseSetup.ConnectionName))
        {
            Timeout = 3,
            CommandTimeout = 3,
            // Outside the pool: a pooled connection broken by a restart must not make a healthy server look down.
            Pooling = false,
        };
        try
        {
            await using var conn = new NpgsqlConnection(builder.ConnectionString);
            await conn.OpenAsync(cancellationToken);
            await using var cmd = new NpgsqlCommand("SELECT 1", conn);
            await cmd.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer");
        }
    }
}
