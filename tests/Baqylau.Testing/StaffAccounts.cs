using System.Security.Claims;
using Baqylau.Accounts;
using Baqylau.Statements;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Testing;

/// <summary>Staff accounts the tests create or act as, in a running app's services.</summary>
public static class StaffAccounts
{
    /// <summary>
    /// Creates a staff account with a password and one role (e-mail confirmed), enrolled with an authenticator secret
    /// when one is given, the way an admin's invitation and the enrolment page would leave it.
    /// </summary>
    public static async Task<BaqylauUser> CreateAsync(IServiceProvider services, string email, string role, string password, Guid? organisationId,
        string? displayName = null, bool active = true, string? totpSecret = null)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BaqylauUser>>();
        var user = new BaqylauUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName ?? email,
            OrganisationId = organisationId,
            IsActive = active,
            CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            throw new InvalidOperationException($"account {email} not created: {string.Join(", ", created.Errors.Select(e => e.Code))}");
        await users.AddToRoleAsync(user, role);
        if (totpSecret is not null)
        {
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", totpSecret);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        return user;
    }

    /// <summary>The staff member a service call acts as, for an existing account.</summary>
    public static async Task<StaffUser> StaffAsync(this UserManager<BaqylauUser> users, string email, string role)
    {
        ArgumentNullException.ThrowIfNull(users);
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"no account {email}");
        return new StaffUser(user.Id, user.OrganisationId, [role]);
    }

    /// <summary>
    /// A service scope acting as a staff member the way a workspace circuit does: no HttpContext, the user in the
    /// circuit's authentication state (which is where the audit trail takes its actor from).
    /// </summary>
    public static async Task<(AsyncServiceScope Scope, StaffUser Staff)> ScopeAsAsync(IServiceProvider services, string email, string role)
    {
        var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BaqylauUser>>();
        var staff = await users.StaffAsync(email, role);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, staff.UserId.ToString()), new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Role, role)], "test"));
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return (scope, staff);
    }
}
