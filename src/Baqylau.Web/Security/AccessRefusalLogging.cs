using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Baqylau.Web.Security;

/// <summary>
/// Logs every refusal of the authorization middleware (a signed-in user without the role or policy an endpoint
/// needs: 403, or the access-denied page) as a structured warning with the user id and the route, then answers as
/// the framework would. Refusals inside the feature services are logged there (<see cref="Baqylau.Common.AccessRefusals"/>).
/// </summary>
public sealed partial class LoggingAuthorizationResultHandler(ILogger<LoggingAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? string.Empty;
            LogForbidden(logger, context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous", context.Request.Method, route);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "Access refused: user {UserId} lacks the role or policy for {Method} {Route}")]
    private static partial void LogForbidden(ILogger logger, string userId, string method, string route);
}

/// <summary>
/// A workspace circuit has no HTTP request, so no request path in its log scope: every inbound activity (an event,
/// a navigation, a JS call) runs in a scope carrying the page's path as RequestPath, as a request would. Refusals
/// logged by the services then name the route too. The query string is left out (it may carry a token).
/// </summary>
public sealed class CircuitRouteLogScope(ILogger<CircuitRouteLogScope> logger, Microsoft.AspNetCore.Components.NavigationManager navigation) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            using (logger.BeginScope(new Dictionary<string, object?> { ["RequestPath"] = CurrentPath() }))
                await next(context);
        };

    public string? CurrentPath()
    {
        try
        {
            return new Uri(navigation.Uri).AbsolutePath;
        }
        catch (InvalidOperationException)
        {
            return null; // not initialised yet: the circuit is starting
        }
    }
}

public static class AccessRefusalLoggingSetup
{
    public static IServiceCollection AddAccessRefusalLogging(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, LoggingAuthorizationResultHandler>();
        services.AddScoped<CircuitHandler, CircuitRouteLogScope>();
        return services;
    }
}
