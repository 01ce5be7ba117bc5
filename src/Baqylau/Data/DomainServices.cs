using Baqylau.Campaigns;
using Baqylau.Incidents;
using Baqylau.Statements;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Baqylau.Data;

public static class DomainServices
{
    /// <summary>Feature services the web layer calls; components never see EF types.</summary>
    public static IServiceCollection AddBaqylauFeatures(this IServiceCollection services)
    {
        services.AddScoped<StatementQueries>();
        services.AddScoped<StatementSlugs>();
        services.AddScoped<StatementService>();
        services.AddSingleton<StatementPhotoStore>();
        services.AddScoped<IncidentQueries>();
        services.AddSingleton<IncidentAggregateCache>();
        services.AddScoped<IncidentService>();
        services.AddScoped<Baqylau.Common.ApiReferences>();
        services.AddScoped<TaxonomyService>();
        services.AddSingleton<InternalFieldCipher>();
        services.AddScoped<IncidentEvidenceService>();
        services.AddSingleton<EvidenceStore>();
        // Read-only public API (incidents' share lives in IncidentQueries).
        services.AddScoped<StatementApiQueries>();
        services.AddScoped<CampaignApiQueries>();
        services.AddScoped<Baqylau.Organisations.OrganisationApiQueries>();
        services.AddScoped<CampaignPages>();
        services.AddScoped<Baqylau.Organisations.OrganisationPages>();
        services.AddScoped<Baqylau.Accounts.AccountQueries>();
        // Admin workspace (issue 5): campaigns, organisations and stances, accounts, the audit log.
        services.AddScoped<CampaignAdminService>();
        services.AddScoped<Baqylau.Organisations.OrganisationAdminService>();
        services.AddSingleton<Baqylau.Organisations.OrganisationLogoStore>();
        services.AddScoped<Baqylau.Accounts.AccountAdminService>();
        services.AddScoped<Baqylau.Auditing.AuditLogQueries>();
        services.AddScoped<Baqylau.Auditing.AuditAlerts>();
        services.AddSingleton<Baqylau.Publishing.MarkdownRenderer>();
        services.TryAddSingleton<Baqylau.Publishing.IPublicContentEvents, Baqylau.Publishing.NoPublicContentEvents>();
        return services;
    }
}
