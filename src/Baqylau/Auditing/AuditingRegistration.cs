using Baqylau.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Auditing;

public static class AuditingRegistration
{
    /// <summary>The audit trail: the interceptor every workspace context carries, the log viewer, its alerts and their e-mail to admins.</summary>
    public static IServiceCollection AddAuditing(this IServiceCollection services)
    {
        services.AddScoped<AuditInterceptor>();
        services.AddScoped<AuditLogQueries>();
        // The model is the same for every context; the read pool's (a singleton, no interceptor) gives it without a connection.
        services.AddSingleton(sp =>
        {
            using var db = sp.GetRequiredService<ReadDbContextFactory>().CreateDbContext();
            return AuditSchema.From(db.Model);
        });
        services.AddScoped<AuditAlerts>();
        services.AddHostedService<AuditAlertMailer>();
        return services;
    }
}
