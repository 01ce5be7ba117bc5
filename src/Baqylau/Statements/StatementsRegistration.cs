using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Statements;

public static class StatementsRegistration
{
    /// <summary>Statements: public reads, the workspace's services, photos, the write API's references and the scheduled publisher.</summary>
    public static IServiceCollection AddStatements(this IServiceCollection services)
    {
        services.AddScoped<StatementQueries>();
        services.AddScoped<StatementApiQueries>();
        services.AddScoped<StatementService>();
        services.AddScoped<StatementWorkflowService>();
        services.AddScoped<StatementRevisionService>();
        services.AddScoped<StatementPhotoService>();
        services.AddScoped<StatementWriteReferences>();
        services.AddSingleton<StatementPhotoStore>();
        services.AddHostedService<ScheduledPublisher>();
        return services;
    }
}
