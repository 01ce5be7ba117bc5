using System.Security.Claims;
using Baqylau.Accounts;
using Baqylau.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Baqylau.Web.Accounts;

/// <summary>Puts what every request needs into the auth cookie: organisation, workspace language, second-factor state.</summary>
public sealed class BaqylauClaimsPrincipalFactory(
    UserManager<BaqylauUser> userManager,
    RoleManager<BaqylauRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<BaqylauUser, BaqylauRole>(userManager, roleManager, options)
{
    public const string OrganisationClaim = "baqylau:org";
    public const string TwoFactorClaim = "baqylau:2fa";
    public const string DisplayNameClaim = "baqylau:name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(BaqylauUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.OrganisationId is { } org)
            identity.AddClaim(new Claim(OrganisationClaim, org.ToString()));
        identity.AddClaim(new Claim(UserPreferenceCultureProvider.ClaimType, user.PreferredCulture));
        identity.AddClaim(new Claim(TwoFactorClaim, user.TwoFactorEnabled ? "1" : "0"));
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        return identity;
    }
}
