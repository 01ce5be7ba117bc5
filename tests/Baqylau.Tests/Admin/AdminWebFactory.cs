using System.Security.Claims;
using Baqylau.Accounts;
using Baqylau.Statements;
using Baqylau.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Admin;

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
    public async Task<(AsyncServiceScope Scope, StaffUser Admin)> AdminScopeAsync()
    {
        var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BaqylauUser>>();
        var admin = await users.FindByEmailAsync(AdminEmail) ?? throw new InvalidOperationException("no demo admin");
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, admin.Id.ToString()), new Claim(ClaimTypes.Name, AdminEmail), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return (scope, new StaffUser(admin.Id, admin.OrganisationId, [Roles.Admin]));
    }
}
