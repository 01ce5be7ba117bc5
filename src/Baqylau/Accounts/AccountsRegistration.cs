using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Accounts;

public static class AccountsRegistration
{
    /// <summary>Staff accounts: the dashboard's profile and the admin service (Identity itself is set up by the web app).</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddScoped<AccountQueries>();
        services.AddScoped<AccountWorkFactory>();
        services.AddScoped<AccountAdminService>();
        services.AddScoped<AccountMail>();
        return services;
    }
}
