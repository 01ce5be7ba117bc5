using Baqylau.Accounts;
using Baqylau.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Baqylau.Web.Accounts;

/// <summary>
/// Refuses sign-in to deactivated accounts (they are never deleted, so the audit trail stays readable), and lets
/// the language last chosen in this browser win over the one stored with the account.
/// </summary>
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

    /// <summary>Set by the language switch of the account pages: the language the person chose before signing in.</summary>
    public const string ChosenLanguageCookie = "baqylau.chosen-lang";

    /// <summary>
    /// Every sign-in ends here (password, second factor, recovery code). A language chosen on the sign-in pages is
    /// the last choice the person made, so it becomes the account's before the claims are made; otherwise the stored
    /// one would silently undo it. Merely reading a public page in another language is no such choice.
    /// </summary>
    public override async Task SignInWithClaimsAsync(BaqylauUser user, AuthenticationProperties? authenticationProperties, IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        if (Context.Request.Cookies.TryGetValue(ChosenLanguageCookie, out var chosen) && Cultures.IsSupported(chosen))
        {
            Context.Response.Cookies.Delete(ChosenLanguageCookie, new CookieOptions { Path = "/account" });
            if (!string.Equals(chosen, user.PreferredCulture, StringComparison.Ordinal))
            {
                user.PreferredCulture = chosen.ToLowerInvariant();
                await UserManager.UpdateAsync(user);
            }
        }

        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
    }

    public override async Task<BaqylauUser?> ValidateSecurityStampAsync(System.Security.Claims.ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsActive: true } ? user : null;
    }
}
