using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Hosting;

/// <summary>A one-line, localised body for error statuses of non-page requests (form posts, API calls).</summary>
public static class StatusCodeText
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        // This runs outside the localisation middleware, whose culture has been undone by now: restore it.
        if (http.Features.Get<IRequestCultureFeature>()?.RequestCulture is { } requestCulture)
        {
            CultureInfo.CurrentCulture = requestCulture.Culture;
            CultureInfo.CurrentUICulture = requestCulture.UICulture;
        }

        var localizer = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var key = http.Response.StatusCode switch
        {
            StatusCodes.Status400BadRequest => "Status_400",
            StatusCodes.Status401Unauthorized => "Status_401",
            StatusCodes.Status403Forbidden => "Status_403",
            StatusCodes.Status404NotFound => "Status_404",
            StatusCodes.Status429TooManyRequests => "Status_429",
            _ => "Status_Other",
        };
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(localizer[key]);
    }
}
