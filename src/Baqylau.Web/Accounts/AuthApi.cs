using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Data;
using Baqylau.Web.Api;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Accounts;

/// <summary>
/// POST /api/v1/auth/token: a short-lived bearer token for the write API, for the same credentials and second
/// factor as the workspace sign-in, with the same lockout counting and the same refusal of deactivated accounts.
/// </summary>
public static class AuthApi
{
    public sealed record TokenRequest(string? Email, string? Password, string? Code, string? RecoveryCode);

    public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, DateTimeOffset ExpiresAt);

    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", IssueAsync)
            .WithTags("Write API")
            .WithName("IssueToken")
            .WithSummary("A bearer token for the write API")
            .WithDescription(
                "Send the workspace email and password, and `code` (the authenticator's six digits) or `recoveryCode` when the account " +
                "has a second factor; Editors and Admins must have one. Failed attempts count towards the workspace lockout. " +
                "The token lasts 30 minutes and stops working at once when the password or second factor changes or the account is deactivated.")
            .Accepts<TokenRequest>("application/json")
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<IResult> IssueAsync(
        HttpContext http,
        UserManager<BaqylauUser> users,
        SignInManager<BaqylauUser> signIn,
        ApiTokenFormat format,
        BaqylauDbContext db,
        TimeProvider clock,
        IStringLocalizer<FieldStrings> F,
        ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger(typeof(AuthApi));
        var (request, error) = await ApiProblems.ReadJsonAsync<TokenRequest>(http, F);
        if (error is not null)
            return error;
        if (string.IsNullOrWhiteSpace(request!.Email) || string.IsNullOrEmpty(request.Password))
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Api_CredentialsRequired", F["Api_CredentialsRequired"]);

        var email = request.Email.Trim();
        var user = Accounts.AccountEndpoints.IsPlausibleEmail(email) ? await users.FindByEmailAsync(email) : null;
        if (user is null)
        {
            // As on the sign-in page: comparable time and the same answer for an unknown address.
            users.PasswordHasher.HashPassword(new BaqylauUser(), request.Password);
            return Refused(F, "Api_InvalidCredentials");
        }

        // Checks active (CanSignIn), lockout, then the password; a wrong one counts towards lockout.
        var result = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            log.LogWarning("API token refused: account {UserId} locked out", user.Id);
            return Refused(F, "Api_LockedOut");
        }

        if (!result.Succeeded)
            return Refused(F, "Api_InvalidCredentials");

        var roles = await users.GetRolesAsync(user);
        if (!roles.Any(Roles.All.Contains))
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Api_Forbidden", F["Api_Forbidden"]);
        if (!user.TwoFactorEnabled && roles.Any(Roles.RequiringTwoFactor.Contains))
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Api_SecondFactorNotEnrolled", F["Api_SecondFactorNotEnrolled"]);

        if (user.TwoFactorEnabled)
        {
            var code = (request.Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
            var recovery = (request.RecoveryCode ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
            if (code.Length == 0 && recovery.Length == 0)
                return Refused(F, "Api_SecondFactorRequired");
            var ok = code.Length > 0
                ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
                : (await users.RedeemTwoFactorRecoveryCodeAsync(user, recovery)).Succeeded;
            if (!ok)
            {
                await users.AccessFailedAsync(user);
                if (await users.IsLockedOutAsync(user))
                {
                    log.LogWarning("API token refused: account {UserId} locked out", user.Id);
                    return Refused(F, "Api_LockedOut");
                }

                return Refused(F, "Api_SecondFactorInvalid");
            }

            await users.ResetAccessFailedCountAsync(user);
        }

        // A concurrent request for the same account may have changed the row (its lockout counter) after we read
        // it: Identity then leaves our change pending with a stale concurrency stamp, which the audit save below
        // would throw on. The other request's values stand.
        foreach (var entry in db.ChangeTracker.Entries<BaqylauUser>().Where(e => e.State == Microsoft.EntityFrameworkCore.EntityState.Modified).ToList())
            await entry.ReloadAsync(http.RequestAborted);

        var principal = await signIn.CreateUserPrincipalAsync(user);
        var now = clock.GetUtcNow();
        var (token, expires) = ApiTokenHandler.Issue(format, principal, now);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            UserId = user.Id,
            UserName = user.UserName,
            EntityType = "ApiToken",
            EntityId = user.Id.ToString(),
            Action = AuditAction.SignIn,
        });
        await db.SaveChangesAsync(http.RequestAborted);
        log.LogInformation("API token issued to {UserId}", user.Id);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)ApiTokens.Lifetime.TotalSeconds, expires));
    }

    private static IResult Refused(IStringLocalizer F, string key) =>
        ApiProblems.Problem(StatusCodes.Status401Unauthorized, key, F[key]);
}
