using Baqylau.Accounts;
using Baqylau.Localization;
using Baqylau.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Baqylau.Web.Accounts;

/// <summary>Form posts that are not pages: sign-out, language choice. Each validates antiforgery (minimal API form binding does).</summary>
public static class AccountEndpoints
{
    public const string SignedOutPath = "/account/signed-out";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/account");

        // Through the signed-out page: its script removes the editors' drafts kept in this browser.
        group.MapPost("/logout", async ([FromServices] SignInManager<BaqylauUser> signInManager, [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect($"{SignedOutPath}?returnUrl={Uri.EscapeDataString(SafeLocal(returnUrl, "/"))}");
        });

        // Anonymous pages without a language prefix (sign-in) keep the choice in the culture cookie.
        group.MapGet("/culture", (HttpContext context, [FromQuery] string? lang, [FromQuery] string? returnUrl) =>
        {
            if (Cultures.IsSupported(lang))
            {
                LocalizationSetup.WriteCultureCookie(context.Response, lang!.ToLowerInvariant());
                // Remembered until the sign-in, which makes it the account's language (the last choice wins).
                context.Response.Cookies.Append(BaqylauSignInManager.ChosenLanguageCookie, lang.ToLowerInvariant(), new CookieOptions
                {
                    Path = "/account",
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                    IsEssential = true,
                });
            }

            return TypedResults.LocalRedirect(SafeLocal(returnUrl, "/"));
        });

        // Staff keep their workspace language with the account; the new claim takes effect with a full reload.
        group.MapPost("/language", async (
            HttpContext context,
            [FromServices] UserManager<BaqylauUser> users,
            [FromServices] SignInManager<BaqylauUser> signInManager,
            [FromForm] string? lang,
            [FromForm] string? returnUrl) =>
        {
            var user = await users.GetUserAsync(context.User);
            if (user is not null && Cultures.IsSupported(lang))
            {
                user.PreferredCulture = lang!.ToLowerInvariant();
                await users.UpdateAsync(user);
                await signInManager.RefreshSignInAsync(user);
                LocalizationSetup.WriteCultureCookie(context.Response, user.PreferredCulture);
            }

            return TypedResults.LocalRedirect(SafeLocal(returnUrl, "/workspace"));
        }).RequireAuthorization();

        return endpoints;
    }

    /// <summary>
    /// Only same-site paths: an open redirect would hand a phishing page our domain. Printable ASCII only (a local URL is
    /// percent-encoded): a line break or a non-ASCII letter in a Location header is a server error, or elsewhere a
    /// header injection.
    /// </summary>
    public static string SafeLocal(string? url, string fallback) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.StartsWith("/\\", StringComparison.Ordinal) && url.Length <= 2000 && url.All(c => c is > ' ' and < '\x7f')
            ? url
            : fallback;

    /// <summary>Whether an address could belong to an account (Identity's column holds 256 characters of text).</summary>
    public static bool IsPlausibleEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Length <= 256 && Baqylau.Common.TextRules.IsClean(email);
}
