using Baqylau.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Baqylau.Web.Accounts;

/// <summary>Refuses sign-in to deactivated accounts; they are never deleted, so the audit trail stays readable.</summary>
public sealed class BaqylauSignInManager(
    UserManager<BaqylauUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<BaqylauUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<BaqylauUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<BaqylauUser> confirmation)
    : SignInManager<BaqylauUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(BaqylauUser user) =>
        user.IsActive && await base.CanSignInAsync(user);

    public override async Task<BaqylauUser?> ValidateSecurityStampAsync(System.Security.Claims.ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsActive: true } ? user : null;
    }
}
