using System.Net;
using System.Text.RegularExpressions;
using Baqylau.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Support;

public static partial class WebTestHelpers
{
    /// <summary>Reads the app's database through a scope of its own (the host starts first).</summary>
    public static async Task<T> WithDbAsync<T>(this BaqylauWebFactory factory, Func<BaqylauDbContext, Task<T>> read)
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<BaqylauDbContext>());
    }

    public static HttpClient Client(this BaqylauWebFactory factory, string? acceptLanguage = null)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (acceptLanguage is not null)
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return client;
    }

    public static string AntiforgeryToken(string html)
    {
        var m = AntiforgeryInput().Match(html);
        Assert.True(m.Success, "no antiforgery token in the form");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>Posts a Blazor SSR form (named by _handler) the way a browser would, with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = handler,
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
        };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    public static async Task<HttpResponseMessage> FollowAsync(this HttpClient client, HttpResponseMessage response, int max = 5)
    {
        while (max-- > 0 && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.MovedPermanently)
            response = await client.GetAsync(response.Headers.Location);
        return response;
    }

    /// <summary>Where a redirect points, as a local path and query (Blazor answers with absolute URLs).</summary>
    public static string? LocationPath(this HttpResponseMessage response)
    {
        var location = response.Headers.Location;
        if (location is null)
            return null;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.ToString();
    }

    /// <summary>
    /// Signs in through the real forms (password, then a fresh TOTP code of the app when asked and <paramref name="totp"/>
    /// is given); returns the final page.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password, TotpCodes? totp = null,
        string totpSecret = BaqylauWebFactory.DemoTotpSecret)
    {
        var response = await client.PostFormAsync("/account/login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode == HttpStatusCode.OK)
            return response; // stayed on the form: refused
        var location = response.LocationPath()!;
        if (location.StartsWith("/account/login-2fa", StringComparison.Ordinal) && totp is not null)
        {
            response = await client.PostFormAsync(location, "login-2fa", new() { ["Input.Code"] = await totp.CodeAsync(totpSecret, email) });
        }

        return response;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
