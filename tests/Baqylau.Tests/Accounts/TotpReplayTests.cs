using System.Net;
using System.Net.Http.Json;

namespace Baqylau.Tests.Accounts;

/// <summary>ASVS 2.8.4: an authenticator code is accepted once, on the sign-in page and by the token API alike.</summary>
[Collection(SecurityWebCollection.Name)]
public class TotpReplayTests(BaqylauWebFactory factory)
{
    private const string Editor = "editor@baqylau.local";

    private static async Task<HttpResponseMessage> SecondStepAsync(HttpClient client, string code)
    {
        var first = await client.PostFormAsync("/account/login", "login", new()
        {
            ["Input.Email"] = Editor,
            ["Input.Password"] = SecurityWeb.Password,
        });
        Assert.StartsWith("/account/login-2fa", first.LocationPath()!, StringComparison.Ordinal);
        return await client.PostFormAsync(first.LocationPath()!, "login-2fa", new() { ["Input.Code"] = code });
    }

    [Fact]
    public async Task A_code_accepted_on_the_sign_in_page_is_refused_the_second_time_and_so_is_an_older_one()
    {
        var (step, code) = await factory.Totp.NextAsync(SecurityWeb.Secret, Editor);
        var accepted = await SecondStepAsync(factory.Client("ru"), code);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        var invalid = ResourceFile.Read("SharedResource", "ru")["TwoFactor_Invalid"];
        var thief = factory.Client("ru");
        var replayed = await SecondStepAsync(thief, code);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode); // the form again, with its error
        Assert.Contains(invalid, WebUtility.HtmlDecode(await replayed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await thief.GetAsync("/workspace")).StatusCode);

        // A code of an earlier step, still inside the clock-drift window, is refused once a later one was used.
        var older = await SecondStepAsync(factory.Client("ru"), TotpCodes.At(SecurityWeb.Secret, step - 1));
        Assert.Equal(HttpStatusCode.OK, older.StatusCode);

        // The next code works: the refusals were about the reuse, not the account.
        var next = factory.Client("ru");
        Assert.Equal(HttpStatusCode.Redirect, (await SecondStepAsync(next, await factory.Totp.CodeAsync(SecurityWeb.Secret, Editor))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/workspace")).StatusCode);
    }

    [Fact]
    public async Task The_token_api_accepts_a_code_once_even_from_two_requests_at_the_same_time()
    {
        var client = factory.Client("ru");
        Task<HttpResponseMessage> Token(string code) =>
            client.PostAsJsonAsync("/api/v1/auth/token", new { email = Editor, password = SecurityWeb.Password, code });

        var code = await factory.Totp.CodeAsync(SecurityWeb.Secret, Editor);
        Assert.Equal(HttpStatusCode.OK, (await Token(code)).StatusCode);
        var replayed = await Token(code);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Contains("Api_SecondFactorInvalid", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Two requests racing with one fresh code: exactly one token.
        var fresh = await factory.Totp.CodeAsync(SecurityWeb.Secret, Editor);
        var answers = await Task.WhenAll(Token(fresh), Token(fresh));
        var statuses = string.Join(", ", answers.Select(a => (int)a.StatusCode));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) == 1, statuses + " " + await answers[0].Content.ReadAsStringAsync() + await answers[1].Content.ReadAsStringAsync());
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized) == 1, statuses + " " + await answers[0].Content.ReadAsStringAsync() + await answers[1].Content.ReadAsStringAsync());
    }
}
