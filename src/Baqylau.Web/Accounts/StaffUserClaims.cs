using System.Security.Claims;
using Baqylau.Statements;

namespace Baqylau.Web.Accounts;

public static class StaffUserClaims
{
    /// <summary>The acting staff member for feature services, from the claims the sign-in put in the cookie.</summary>
    public static StaffUser ToStaffUser(this ClaimsPrincipal principal)
    {
        var id = Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) ? userId : Guid.Empty;
        var org = Guid.TryParse(principal.FindFirstValue(BaqylauClaimsPrincipalFactory.OrganisationClaim), out var orgId) ? orgId : (Guid?)null;
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new StaffUser(id, org, roles);
    }
}
