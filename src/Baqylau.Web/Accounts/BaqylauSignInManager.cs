using Baqylau.Accounts;
using Baqylau.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Baqylau.Web.Accounts;

/// <summary>
/// Refuses sign-in to deactivated accounts (they are never deleted, so the audit trail stays readable), lets the
/// language last chosen in this browser win over the one stored with the account, and tells an account by e-mail
/// when it signs in from a browser it never used (<see cref="AccountMail.SignedInFromAsync"/>).
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

    /// <summary>A random id per browser, only ever sent to the sign-in pages; the server keeps a hash of it per account.</summary>
    public const string DeviceCookieName = "baqylau.device";

    private bool refreshing;

    public override async Task RefreshSignInAsync(BaqylauUser user)
    {
        // A refresh (a changed password, language) is the same browser: no new-device check.
        refreshing = true;
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            refreshing = false;
        }
    }

    private async Task RecordDeviceAsync(BaqylauUser user)
    {
        try
        {
            var http = Context;
            var deviceId = http.Request.Cookies[DeviceCookieName];
            if (deviceId is not { Length: >= 32 and <= 64 })
            {
                deviceId = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                http.Response.Cookies.Append(DeviceCookieName, deviceId, new CookieOptions
                {
                    HttpOnly = true,
                    IsEssential = true,
                    Path = "/account",
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                    MaxAge = TimeSpan.FromDays(400),
                });
            }

            await http.RequestServices.GetRequiredService<AccountMail>().SignedInFromAsync(user.Id, deviceId, http.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A notice is a courtesy: it never stands between a person and their sign-in.
            Logger.LogWarning(ex, "Sign-in device of {UserId} not recorded", user.Id);
        }
    }

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
        if (!refreshing)
            await RecordDeviceAsync(user);
    }

    public override async Task<BaqylauUser?> ValidateSecurityStampAsync(System.Security.Claims.ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsActive: true } ? user : null;
    }
}
