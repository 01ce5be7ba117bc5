using Baqylau.Accounts;

namespace Baqylau.Web.Accounts;

/// <summary>
/// Editors and admins must enrol a second factor before they reach the workspace: until they have,
/// every workspace request is sent to the enrolment page.
/// </summary>
public sealed class TwoFactorEnforcementMiddleware(RequestDelegate next)
{
    public const string EnrolPath = "/account/manage/enable-authenticator";

    public Task InvokeAsync(HttpContext context)
    {
        var user = context.User;
        if (context.Request.Path.StartsWithSegments("/workspace")
            && user.Identity?.IsAuthenticated == true
            && Roles.RequiringTwoFactor.Any(user.IsInRole)
            && user.FindFirst(BaqylauClaimsPrincipalFactory.TwoFactorClaim)?.Value != "1")
        {
            context.Response.Redirect($"{EnrolPath}?required=1");
            return Task.CompletedTask;
        }

        return next(context);
    }
}
