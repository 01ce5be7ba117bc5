using System.Net;
using Baqylau.Accounts;
using Baqylau.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Accounts;

public class AccountTests(BaqylauWebFactory factory) : IClassFixture<BaqylauWebFactory>
{
    private const string Password = BaqylauWebFactory.DemoPassword;
    private const string Secret = BaqylauWebFactory.DemoTotpSecret;

    [Fact]
    public async Task The_workspace_needs_sign_in()
    {
        var response = await factory.Client().GetAsync("/workspace");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.LocationPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_page_is_a_localised_form_with_antiforgery_and_no_registration()
    {
        var client = factory.Client("ru");
        var html = await client.GetStringAsync("/account/login");
        Assert.Contains("<html lang=\"ru\">", html, StringComparison.Ordinal);
        Assert.Contains("Электронная почта", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/account/register")).StatusCode);

        // The language switch on a page without a prefix keeps the choice in the cookie.
        var switched = await client.GetAsync("/account/culture?lang=kk&returnUrl=%2Faccount%2Flogin");
        Assert.Equal("/account/login", switched.LocationPath());
        Assert.Contains("Электрондық пошта", await client.GetStringAsync("/account/login"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_author_signs_in_with_a_password_and_is_greeted_in_their_language()
    {
        var client = factory.Client();
        var response = await client.SignInAsync("author@baqylau.local", Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/workspace", response.LocationPath());
        var html = await client.GetStringAsync("/workspace");
        Assert.Contains("_framework/blazor.web", html, StringComparison.Ordinal);
        Assert.Contains(await ExpectedGreetingAsync("author@baqylau.local"), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_needs_the_second_factor_and_gets_in_with_a_totp_code()
    {
        var client = factory.Client();
        var first = await client.PostFormAsync("/account/login", "login", new()
        {
            ["Input.Email"] = "editor@baqylau.local",
            ["Input.Password"] = Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/account/login-2fa", first.LocationPath()!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/workspace")).StatusCode);

        var wrong = await client.PostFormAsync(first.LocationPath()!, "login-2fa", new() { ["Input.Code"] = "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);

        var second = await client.PostFormAsync(first.LocationPath()!, "login-2fa", new() { ["Input.Code"] = await factory.Totp.CodeAsync(Secret, "editor@baqylau.local") });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var workspace = await client.GetAsync("/workspace");
        Assert.Equal(HttpStatusCode.OK, workspace.StatusCode);
        Assert.Contains(await ExpectedGreetingAsync("editor@baqylau.local"), await workspace.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_without_a_second_factor_is_sent_to_enrol_before_the_workspace()
    {
        var email = await CreateUserAsync(Roles.Editor, twoFactor: false);
        var client = factory.Client();
        var response = await client.SignInAsync(email, Password);
        Assert.Equal("/workspace", response.LocationPath());
        var workspace = await client.GetAsync("/workspace");
        Assert.Equal(HttpStatusCode.Redirect, workspace.StatusCode);
        Assert.Equal("/account/manage/enable-authenticator?required=1", workspace.LocationPath());

        // Enrol with the key the page shows, then the workspace opens.
        var page = await client.GetStringAsync("/account/manage/enable-authenticator?required=1");
        var key = System.Text.RegularExpressions.Regex.Match(page, "<kbd class=\"secret\">([^<]+)</kbd>").Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        Assert.False(string.IsNullOrEmpty(key));
        var enrolled = await client.PostFormAsync("/account/manage/enable-authenticator", "enable-authenticator", new() { ["Input.Code"] = await factory.Totp.CodeAsync(key, email) });
        var enrolledHtml = await enrolled.Content.ReadAsStringAsync();
        Assert.Contains("recovery-codes__list", enrolledHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/workspace")).StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_replaces_the_authenticator_once()
    {
        var email = await CreateUserAsync(Roles.Admin, twoFactor: true);
        string code;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BaqylauUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            code = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 3))!.First();
        }

        var client = factory.Client();
        var first = await client.SignInAsync(email, Password);
        var recoveryUrl = "/account/login-recovery?returnUrl=%2Fworkspace";
        var ok = await client.PostFormAsync(recoveryUrl, "login-recovery", new() { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/workspace")).StatusCode);

        var again = factory.Client();
        await again.SignInAsync(email, Password);
        var reused = await again.PostFormAsync(recoveryUrl, "login-recovery", new() { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.NotNull(first);
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_after_five_tries()
    {
        var email = await CreateUserAsync(Roles.Author, twoFactor: false);
        var client = factory.Client();
        for (var i = 0; i < 4; i++)
        {
            var refused = await client.SignInAsync(email, "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }

        var fifth = await client.SignInAsync(email, "wrong-password-5");
        Assert.Equal("/account/lockout", fifth.LocationPath());
        // Now even the right password is refused until the lockout ends.
        var locked = await client.SignInAsync(email, Password);
        Assert.Equal("/account/lockout", locked.LocationPath());
    }

    [Fact]
    public async Task Unknown_address_and_wrong_password_get_the_same_answer()
    {
        var unknown = await (await factory.Client().SignInAsync("nobody@baqylau.local", "whatever-password")).Content.ReadAsStringAsync();
        var wrong = await (await factory.Client().SignInAsync("author2@baqylau.local", "whatever-password")).Content.ReadAsStringAsync();
        Assert.Contains("Кіру мүмкін болмады", unknown, StringComparison.Ordinal);
        Assert.Contains("Кіру мүмкін болмады", wrong, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deactivated_account_cannot_sign_in()
    {
        var email = await CreateUserAsync(Roles.Author, twoFactor: false);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BaqylauUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            user.IsActive = false;
            await users.UpdateAsync(user);
        }

        var response = await factory.Client().SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Workspace_language_is_kept_with_the_account()
    {
        var email = await CreateUserAsync(Roles.Author, twoFactor: false);
        var client = factory.Client();
        await client.SignInAsync(email, Password);
        var kk = await client.GetStringAsync("/workspace");
        Assert.Contains("<html lang=\"kk\">", kk, StringComparison.Ordinal);

        var form = new Dictionary<string, string>
        {
            ["lang"] = "ru",
            ["returnUrl"] = "/workspace",
            ["__RequestVerificationToken"] = WebTestHelpers.AntiforgeryToken(kk),
        };
        var switched = await client.PostAsync("/account/language", new FormUrlEncodedContent(form));
        Assert.Equal("/workspace", switched.LocationPath());
        var ru = await client.GetStringAsync("/workspace");
        Assert.Contains("<html lang=\"ru\">", ru, StringComparison.Ordinal);
        Assert.Contains("Здравствуйте", ru, StringComparison.Ordinal);

        // A public Kazakh page does not change the staff member's workspace language.
        await client.GetStringAsync("/kk");
        Assert.Contains("<html lang=\"ru\">", await client.GetStringAsync("/workspace"), StringComparison.Ordinal);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        Assert.Equal("ru", await db.Users.Where(u => u.Email == email).Select(u => u.PreferredCulture).SingleAsync());
    }

    [Fact]
    public async Task The_language_chosen_on_the_sign_in_page_wins_over_the_stored_one_and_a_public_page_does_not()
    {
        var email = await CreateUserAsync(Roles.Author, twoFactor: false);
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.Equal("kk", await scope.ServiceProvider.GetRequiredService<BaqylauDbContext>().Users.Where(u => u.Email == email).Select(u => u.PreferredCulture).SingleAsync());

        // Reading a Russian public page before signing in is not a choice of workspace language.
        var reader = factory.Client();
        await reader.GetStringAsync("/ru");
        await reader.SignInAsync(email, Password);
        Assert.Contains("<html lang=\"kk\">", await reader.GetStringAsync("/workspace"), StringComparison.Ordinal);

        // Choosing Russian on the sign-in page is: the workspace opens in Russian and the account keeps it.
        var chooser = factory.Client();
        await chooser.GetAsync("/account/culture?lang=ru&returnUrl=%2Faccount%2Flogin");
        await chooser.SignInAsync(email, Password);
        var workspace = await chooser.GetStringAsync("/workspace");
        Assert.Contains("<html lang=\"ru\">", workspace, StringComparison.Ordinal);
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.Equal("ru", await scope.ServiceProvider.GetRequiredService<BaqylauDbContext>().Users.Where(u => u.Email == email).Select(u => u.PreferredCulture).SingleAsync());

        // The choice was spent on that sign-in: a later one in that browser keeps what the account says then.
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<BaqylauDbContext>().Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.PreferredCulture, "kk"));
        var signedOut = await chooser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebTestHelpers.AntiforgeryToken(workspace),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        await chooser.SignInAsync(email, Password);
        Assert.Contains("<html lang=\"kk\">", await chooser.GetStringAsync("/workspace"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Language_post_without_antiforgery_is_refused()
    {
        var email = await CreateUserAsync(Roles.Author, twoFactor: false);
        var client = factory.Client();
        await client.SignInAsync(email, Password);
        var response = await client.PostAsync("/account/language", new FormUrlEncodedContent(new Dictionary<string, string> { ["lang"] = "ru" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Сұраныс қабылданбады", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> ExpectedGreetingAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        return user.PreferredCulture == "ru" ? $"Здравствуйте, {user.DisplayName}!" : $"Сәлеметсіз бе, {user.DisplayName}!";
    }

    private async Task<string> CreateUserAsync(string role, bool twoFactor)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        Guid organisation;
        await using (var scope = factory.Services.CreateAsyncScope())
            organisation = await scope.ServiceProvider.GetRequiredService<BaqylauDbContext>().Organisations.Select(o => o.Id).FirstAsync();
        await StaffAccounts.CreateAsync(factory.Services, email, role, Password, organisation, "Тест " + role, totpSecret: twoFactor ? Secret : null);
        return email;
    }
}
