using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Baqylau.Web.Accounts;

public static class AccountsModule
{
    /// <summary>The workspace's sign-in cookie (the output cache also reads its presence: such requests are staff).</summary>
    public const string AuthCookieName = "baqylau.auth";

    public const string WorkspacePolicy = "Workspace";

    /// <summary>The admin workspace (/workspace/admin/…): campaigns, organisations, accounts, the audit log.</summary>
    public const string AdminPolicy = "Admin";

    /// <summary>Sign-in endpoints that are not pages (sign-out, language); the pages are in Pages/, the admin pages in Workspace/.</summary>
    public static WebApplication MapAccountsModule(this WebApplication app)
    {
        app.MapAccountEndpoints();
        return app;
    }

    /// <summary>Identity, cookies and policies, the audit actor, and bearer tokens for the write API.</summary>
    public static IServiceCollection AddAccountsModule(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();
        services.AddScoped<IAuditActor, HttpAuditActor>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies(cookies =>
            {
                cookies.ApplicationCookie?.Configure(o =>
                {
                    o.LoginPath = "/account/login";
                    o.LogoutPath = "/account/logout";
                    o.AccessDeniedPath = "/account/access-denied";
                    o.Cookie.Name = AuthCookieName;
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SameSite = SameSiteMode.Lax;
                    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.ExpireTimeSpan = TimeSpan.FromHours(12);
                    o.SlidingExpiration = true;
                    // API callers get status codes, not a redirect to an HTML sign-in page.
                    o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized);
                    o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, StatusCodes.Status403Forbidden);
                });
                cookies.TwoFactorUserIdCookie?.Configure(o => o.Cookie.Name = "baqylau.2fa");
                cookies.TwoFactorRememberMeCookie?.Configure(o => o.Cookie.Name = "baqylau.2fa.remember");
            });

        services.AddIdentityCore<BaqylauUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length only (ASVS 2.1.1, 2.1.9): a long passphrase in any script beats forced digits and cases.
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<BaqylauRole>()
            .AddEntityFrameworkStores<BaqylauDbContext>()
            .AddSignInManager<BaqylauSignInManager>()
            .AddClaimsPrincipalFactory<BaqylauClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            // Identity's authenticator provider accepts a code again within its window: ours accepts it once.
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider);

        // A deactivated user or a changed password/second factor ends other sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorizationBuilder()
            .AddPolicy(WorkspacePolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.All))
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));

        // Invitation links are password-reset tokens (one use: bound to the security stamp); a few days to act on one.
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(3));

        services.AddDataProtection()
            .SetApplicationName("Baqylau")
            .PersistKeysToDbContext<BaqylauDbContext>();

        services.AddBaqylauApiTokens();
        return services;
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
