using System.Text.Encodings.Web;
using System.Text.Unicode;
using Baqylau.Local;
using Baqylau.Web.Accounts;
using Baqylau.Web.Api;
using Baqylau.Web.Auditing;
using Baqylau.Web.Caching;
using Baqylau.Web.Components;
using Baqylau.Web.Incidents;
using Baqylau.Web.Localization;
using Baqylau.Web.Mail;
using Baqylau.Web.Mirror;
using Baqylau.Web.Organisations;
using Baqylau.Web.Security;
using Baqylau.Web.Site;
using Baqylau.Web.Statements;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using MudBlazor.Services;
using Serilog;
using Serilog.Events;

namespace Baqylau.Web.Hosting;

public static class HostingSetup
{
    public static async Task<LocalPostgresServer?> AddBaqylauAsync(this WebApplicationBuilder builder)
    {
        builder.AddBaqylauLogging();
        var localPostgres = await DatabaseSetup.ProvisionLocalPostgresAsync(builder, new Serilog.Extensions.Logging.SerilogLoggerFactory(Log.Logger).CreateLogger("LocalPostgres"));

        builder.Services.Configure<BaqylauOptions>(builder.Configuration.GetSection(BaqylauOptions.Section));
        builder.Services.AddBaqylauData(builder.Configuration);
        builder.Services.AddBaqylauLocalization();
        builder.Services.AddAccountsModule();
        builder.AddBaqylauSecurity();
        builder.Services.AddLocalRuns();
        builder.Services.AddBaqylauApi();
        builder.Services.AddBaqylauOutputCache();
        // Each feature's own settings and endpoints sit in its folder's module.
        builder.AddStatementsModule();
        builder.AddIncidentsModule();
        builder.AddOrganisationsModule();
        builder.AddMirrorModule();
        builder.Services.AddAuditingModule();
        builder.AddMailModule();
        // Cyrillic as characters, not &#x…; entities: pages stay half the size and readable in view-source.
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        // A malformed form post (say, a missing antiforgery token) is the client's mistake: 400, even in Development.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        return localPostgres;
    }

    public static WebApplication UseBaqylau(this WebApplication app, LocalPostgresServer? localPostgres)
    {
        if (localPostgres is not null)
        {
            // Stop the private cluster with the app; the next run reuses its data.
            app.Lifetime.ApplicationStopped.Register(() => localPostgres.StopAsync().GetAwaiter().GetResult());
        }

        app.UseForwardedHeaders();
        app.UseFrameAncestors();
        // After the framing middleware: its frame-ancestors directive is appended to this policy.
        app.UseBaqylauSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        // Early, so a cached page costs only the headers above: everything below (logging, routing, authentication,
        // localization, rate limits) ran when the page was made. Staff (an auth cookie or a bearer token) never get
        // or fill a cached answer; see PublicOutputCache.
        app.UseOutputCache();
        // Inside the exception handler: a database outage is a 503 page, not an error.
        app.UseMiddleware<DatabaseOutageMiddleware>();

        // Photos are plain files with their own long cache; they need none of what follows.
        app.UseStatementMedia();
        app.UseOrganisationLogos();

        // Page requests get the localised not-found page; a refused form post (which a page must not re-read)
        // gets a short localised text instead of a re-executed page.
        app.UseWhen(
            ctx => HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWhen(
            ctx => !HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method),
            branch => branch.UseStatusCodePages(StatusCodeText.WriteAsync));
        // This host's own logger, not the process-wide static one: several hosts in one process (tests, the
        // mirror export) would otherwise write each other's request lines.
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.Services.GetService<Serilog.ILogger>();
            o.GetLevel = RequestLogLevel;
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authentication: the workspace language comes from the signed-in user.
        app.UseRequestLocalization();
        app.UseBaqylauRateLimiting();
        app.UseMiddleware<TwoFactorEnforcementMiddleware>();
        app.UseStatementSlugRedirects();
        app.UseAntiforgery();
        app.UseBaqylauApi();

        app.MapStaticAssets();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapSiteModule();
        app.MapAccountsModule();
        app.MapBaqylauApi();
        app.MapStatementsModule();
        app.MapIncidentsModule();
        app.MapAuditingModule();
        app.MapMirrorModule();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// A reader's successful, quick page view gets no log line (Debug): on voting day those lines cost more than the
    /// cached pages they describe, and who read what is nobody's business. Staff requests, writes, refusals, errors
    /// and slow answers are logged as before.
    /// </summary>
    internal static LogEventLevel RequestLogLevel(HttpContext context, double elapsedMs, Exception? error)
    {
        var status = context.Response.StatusCode;
        if (error is not null || status >= 500)
            return LogEventLevel.Error;
        var request = context.Request;
        var read = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var staff = request.Path.StartsWithSegments("/workspace") || request.Path.StartsWithSegments("/account")
            || request.Path.StartsWithSegments("/api/v1/auth") || context.User.Identity?.IsAuthenticated == true
            || request.Headers.ContainsKey("Authorization");
        return read && !staff && status < 400 && elapsedMs < SlowRequestMs ? LogEventLevel.Debug : LogEventLevel.Information;
    }

    /// <summary>A public read slower than this is logged even when it succeeds.</summary>
    public const double SlowRequestMs = 1000;
}
