using Baqylau.Accounts;
using Baqylau.Statements;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Support;

/// <summary>
/// The real app with the demo content, checking the security stamp on every request instead of once a minute, so a
/// test sees a deactivated or signed-out-everywhere session end without waiting.
/// </summary>
public sealed class AdminWebFactory : BaqylauWebFactory
{
    public const string AdminEmail = "admin@baqylau.local";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
    }

    /// <summary>
    /// A service scope acting as the demo admin the way a workspace circuit does: no HttpContext, the user in the
    /// circuit's authentication state (which is where the audit trail takes its actor from).
    /// </summary>
    public Task<(AsyncServiceScope Scope, StaffUser Staff)> AdminScopeAsync() => StaffAccounts.ScopeAsAsync(Services, AdminEmail, Roles.Admin);
}
