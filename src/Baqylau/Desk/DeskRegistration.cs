using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Desk;

public static class DeskRegistration
{
    /// <summary>The workspace desk: what waits for each staff member, and the navigation's counts.</summary>
    public static IServiceCollection AddDesk(this IServiceCollection services)
    {
        services.AddScoped<DeskQueries>();
        return services;
    }
}
