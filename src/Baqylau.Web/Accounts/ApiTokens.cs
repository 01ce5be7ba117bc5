using System.Security.Claims;
using System.Text.Encodings.Web;
using Baqylau.Accounts;
using Baqylau.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Baqylau.Web.Accounts;

/// <summary>
/// Bearer tokens for field tools and bots. A token is an authentication ticket protected by Data Protection
/// (the keys the cookies use), valid for <see cref="Lifetime"/>. Every request checks the account again: the
/// security stamp (a new password, second factor or sign-out everywhere ends every token) and that the account is
/// active; roles and organisation are read afresh, so a demotion takes effect at once.
/// </summary>
public static class ApiTokens
{
    public const string Scheme = "BaqylauApiToken";
    public const string WritePolicy = "ApiWrite";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public static IServiceCollection AddBaqylauApiTokens(this IServiceCollection services)
    {
        services.AddSingleton<ApiTokenFormat>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(Scheme, null);
        // Only the bearer scheme is asked: a signed-in browser's cookie never authorises a write, so there is no CSRF path.
        services.AddAuthorizationBuilder().AddPolicy(WritePolicy, p => p
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(Roles.All));
        return services;
    }
}

/// <summary>Protects and reads token tickets with a purpose of their own.</summary>
public sealed class ApiTokenFormat(IDataProtectionProvider provider)
    : TicketDataFormat(provider.CreateProtector("Baqylau.Api.BearerToken.v1"));

public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenFormat format,
    SignInManager<BaqylauUser> signIn)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var ticket = format.Unprotect(header["Bearer ".Length..].Trim());
        if (ticket is null || ticket.AuthenticationScheme != Scheme.Name)
            return AuthenticateResult.Fail("Invalid token");
        if (ticket.Properties.ExpiresUtc is not { } expires || expires <= TimeProvider.GetUtcNow())
            return AuthenticateResult.Fail("Expired token");
        // The same check the cookie gets every minute, here on every request: the stamp and IsActive.
        var user = await signIn.ValidateSecurityStampAsync(ticket.Principal);
        if (user is null)
            return AuthenticateResult.Fail("Revoked token");
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ticket.Properties, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Api_TokenRequired");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Api_Forbidden");

    /// <summary>A ticket for <paramref name="principal"/> valid for <see cref="ApiTokens.Lifetime"/>, as the token string.</summary>
    public static (string Token, DateTimeOffset Expires) Issue(ApiTokenFormat format, ClaimsPrincipal principal, DateTimeOffset now)
    {
        var expires = now + ApiTokens.Lifetime;
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expires };
        return (format.Protect(new AuthenticationTicket(principal, properties, ApiTokens.Scheme)), expires);
    }
}
