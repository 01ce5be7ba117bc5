using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Auditing;

public static class AuditingRegistration
{
    /// <summary>The audit trail: the interceptor every workspace context carries, the log viewer and its alerts.</summary>
    public static IServiceCollection AddAuditing(this IServiceCollection services)
    {
        services.AddScoped<AuditInterceptor>();
        services.AddScoped<AuditLogQueries>();
        services.AddScoped<AuditAlerts>();
        return services;
    }
}
