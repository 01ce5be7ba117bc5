using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Auditing;

public static class AuditingRegistration
{
    /// <summary>The audit trail: the interceptor every workspace context carries, the log viewer, its alerts and their e-mail to admins.</summary>
    public static IServiceCollection AddAuditing(this IServiceCollection services)
    {
        services.AddScoped<AuditInterceptor>();
        services.AddScoped<AuditLogQueries>();
        services.AddScoped<AuditAlerts>();
        services.AddHostedService<AuditAlertMailer>();
        return services;
    }
}
