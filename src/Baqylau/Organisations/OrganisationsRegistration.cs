using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Organisations;

public static class OrganisationsRegistration
{
    /// <summary>Organisations: public pages and API reads, the admin service (with stances) and logo storage.</summary>
    public static IServiceCollection AddOrganisations(this IServiceCollection services)
    {
        services.AddScoped<OrganisationPages>();
        services.AddScoped<OrganisationApiQueries>();
        services.AddScoped<OrganisationAdminService>();
        services.AddScoped<OrganisationWriteReferences>();
        services.AddSingleton<OrganisationLogoStore>();
        return services;
    }
}
