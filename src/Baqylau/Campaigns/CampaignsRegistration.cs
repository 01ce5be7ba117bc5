using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Campaigns;

public static class CampaignsRegistration
{
    /// <summary>Campaigns: public pages and API reads, and the admin service.</summary>
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddScoped<CampaignPages>();
        services.AddScoped<CampaignApiQueries>();
        services.AddScoped<CampaignAdminService>();
        return services;
    }
}
