using System.Security.Claims;
using Baqylau.Auditing;
using Microsoft.AspNetCore.Components.Authorization;

namespace Baqylau.Web.Accounts;

/// <summary>The signed-in user of the current request or circuit, for the audit trail.</summary>
public sealed class HttpAuditActor(IHttpContextAccessor accessor, AuthenticationStateProvider authState) : IAuditActor
{
    public Guid? UserId =>
        Guid.TryParse(User?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string? UserName => User?.Identity?.Name ?? "system";

    private ClaimsPrincipal? User
    {
        get
        {
            if (accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user)
                return user;
            // A live circuit need not have an HttpContext; its authentication state knows who is acting.
            try
            {
                var state = authState.GetAuthenticationStateAsync();
                if (state.IsCompletedSuccessfully && state.Result.User.Identity?.IsAuthenticated == true)
                    return state.Result.User;
            }
            catch (InvalidOperationException)
            {
                // Outside a circuit the provider has no state yet: the request's (anonymous) user stands.
            }

            return accessor.HttpContext?.User;
        }
    }
}
