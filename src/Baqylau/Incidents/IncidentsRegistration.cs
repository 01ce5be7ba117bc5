using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Incidents;

public static class IncidentsRegistration
{
    /// <summary>Incidents: the public timeline's reads, the workspace's services, evidence, taxonomies and the internal part's cipher.</summary>
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddScoped<IncidentQueries>();
        services.AddSingleton<IncidentAggregateCache>();
        services.AddScoped<IncidentService>();
        services.AddScoped<IncidentEvidenceService>();
        services.AddScoped<IncidentWriteReferences>();
        services.AddScoped<TaxonomyService>();
        services.AddSingleton<InternalFieldCipher>();
        services.AddSingleton<EvidenceStore>();
        return services;
    }
}
