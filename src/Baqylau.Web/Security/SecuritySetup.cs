using System.Globalization;
using System.Threading.RateLimiting;
using Baqylau.Web.Hosting;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Baqylau.Web.Security;

/// <summary>Limits per client and minute (Baqylau:RateLimits). Benchmarks against 127.0.0.1 set Enabled=false.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Baqylau:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Sign-in form posts (password, second factor, recovery code, forgotten and reset password) per IP address.</summary>
    public int SignInPerMinute { get; set; } = 20;

    /// <summary>API requests per signed-in account, else per IP address.</summary>
    public int ApiPerMinute { get; set; } = 600;

    /// <summary>Full-text searches (a non-empty q on pages, feeds and the API) per account, else per IP address.</summary>
    public int SearchPerMinute { get; set; } = 120;
}

public static class SecuritySetup
{
    public const string DataProtectionKeyPathSetting = "Baqylau:DataProtection:KeyPath";

    public static WebApplicationBuilder AddBaqylauSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // No "Server: Kestrel" banner: the version of what runs is nobody's business (ASVS 14.3.3).
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        // Data Protection keys sit in the database; encrypt them with a key that is not (see docs/security.md).
        var keyPath = builder.Configuration[DataProtectionKeyPathSetting];
        if (string.IsNullOrWhiteSpace(keyPath))
            keyPath = Path.Combine(DatabaseSetup.ResolveDataDirectory(builder.Configuration, builder.Environment), "keys", "dataprotection.key");
        services.AddSingleton(new DataProtectionKeyFile(keyPath));
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataProtectionKeyFile>((o, file) => o.XmlEncryptor = new KeyFileXmlEncryptor(file));

        services.AddAccessRefusalLogging();
        services.Configure<Baqylau.Auditing.AuditAlertOptions>(builder.Configuration.GetSection(Baqylau.Auditing.AuditAlertOptions.Section));
        services.Configure<RateLimitOptions>(builder.Configuration.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
            o.GlobalLimiter = CreateLimiter(limits.Value));
        return builder;
    }

    /// <summary>Security headers on every response; call first, so errors and files carry them too.</summary>
    /// <summary>Framing rules for every response: only /embed/ may be put in a frame.</summary>
    public static WebApplication UseFrameAncestors(this WebApplication app)
    {
        app.UseMiddleware<FrameAncestorsMiddleware>();
        return app;
    }

    public static WebApplication UseBaqylauSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseWhen(
            ctx => ctx.Request.Path.StartsWithSegments(Api.ApiSetup.ReferencePath, StringComparison.Ordinal),
            branch => branch.UseMiddleware<InlineScriptHashMiddleware>());
        return app;
    }

    /// <summary>After authentication (accounts are partitions) and localisation (the 429 text is localised).</summary>
    public static WebApplication UseBaqylauRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    internal static PartitionedRateLimiter<HttpContext> CreateLimiter(RateLimitOptions limits)
    {
        if (!limits.Enabled)
            return PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetNoLimiter(string.Empty));
        return PartitionedRateLimiter.CreateChained(
            Limiter("signin", limits.SignInPerMinute, ctx => IsSignInPost(ctx) ? ClientIp(ctx) : null),
            Limiter("api", limits.ApiPerMinute, ctx => ctx.Request.Path.StartsWithSegments("/api") ? Client(ctx) : null),
            Limiter("search", limits.SearchPerMinute, ctx => IsSearch(ctx) ? Client(ctx) : null));
    }

    private static PartitionedRateLimiter<HttpContext> Limiter(string name, int perMinute, Func<HttpContext, string?> partition) =>
        PartitionedRateLimiter.Create<HttpContext, string>(ctx => partition(ctx) is { } key
            ? RateLimitPartition.GetFixedWindowLimiter($"{name}:{key}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, perMinute),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter(string.Empty));

    private static bool IsSignInPost(HttpContext ctx) =>
        HttpMethods.IsPost(ctx.Request.Method) && (ctx.Request.Path.StartsWithSegments("/account/login", StringComparison.OrdinalIgnoreCase)
            || ctx.Request.Path.StartsWithSegments("/account/forgot-password", StringComparison.OrdinalIgnoreCase)
            || ctx.Request.Path.StartsWithSegments("/account/reset-password", StringComparison.OrdinalIgnoreCase));

    private static bool IsSearch(HttpContext ctx) =>
        ctx.Request.Query.TryGetValue("q", out var q) && !string.IsNullOrWhiteSpace(q.ToString());

    private static string ClientIp(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    // Signed-in staff are counted per account (one infiltrated account cannot hide behind many addresses).
    private static string Client(HttpContext ctx) =>
        ctx.User.Identity?.IsAuthenticated == true && ctx.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { } id
            ? "user:" + id
            : "ip:" + ClientIp(ctx);

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var response = context.HttpContext.Response;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        response.ContentType = "text/plain; charset=utf-8";
        var localizer = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        await response.WriteAsync(localizer["Status_429"], ct);
    }
}
