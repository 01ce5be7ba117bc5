using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Baqylau.Accounts;
using Baqylau.Local.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Baqylau.Tests.Security;

/// <summary>The app with the lockout out of the way: the corpus sends hundreds of wrong codes and passwords.</summary>
public sealed class FormCorpusFactory : BaqylauWebFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(s => s.Configure<IdentityOptions>(o => o.Lockout.MaxFailedAccessAttempts = 100_000));
}

/// <summary>
/// Every static-SSR form post (found in the components, so a new form fails here until it is covered) gets the
/// bad-value corpus in every field, as a browser posts it, with a valid antiforgery token: the answer is a 4xx or
/// the form again with a localised message, never a 500 or a stack trace, and nothing changes in the database.
/// </summary>
public partial class FormBadInputTests(FormCorpusFactory factory) : IClassFixture<FormCorpusFactory>
{
    private const string Author = "author@baqylau.local";
    private const string Editor = "editor@baqylau.local";

    /// <summary>The API corpus, and for redirect targets a header injection and a non-ASCII path.</summary>
    private static readonly string[] Corpus = [.. BadInputTests.Corpus, "/\r\nSet-Cookie: stolen=1", "/путь/к/странице", "javascript:alert(1)", "//evil.example/"];

    /// <summary>A form: where it is, who sees it, its fields and, per field, the other fields' values.</summary>
    private sealed record FormSpec(string Name, string Page, string? As, string[] Fields, Dictionary<string, string> Others, bool IsEndpoint = false);

    private async Task<List<FormSpec>> SpecsAsync()
    {
        var invitation = await InvitationAsync();
        return
        [
            new("login", "/account/login", null, ["Input.Email", "Input.Password", "Input.RememberMe"],
                new() { ["Input.Email"] = "nobody@example.org", ["Input.Password"] = "wrong-password-123" }),
            new("login-2fa", "/account/login-2fa?returnUrl=%2Fworkspace", "password-step", ["Input.Code", "Input.RememberMachine"], new()),
            new("login-recovery", "/account/login-recovery?returnUrl=%2Fworkspace", "password-step", ["Input.Code"], new()),
            // Never a success: the other fields are always wrong (an invalid token, a wrong current password), since a
            // corpus value may well be an acceptable password.
            new("invitation", $"/account/invitation?user={invitation.UserId}&token={Uri.EscapeDataString(invitation.Token)}", null,
                ["Input.User", "Input.Token", "Input.Password", "Input.ConfirmPassword"],
                new() { ["Input.User"] = invitation.UserId.ToString(), ["Input.Token"] = "not-the-token", ["Input.Password"] = "a-new-password-2026", ["Input.ConfirmPassword"] = "another-password-2026" }),
            new("reset-password", $"/account/reset-password?user={invitation.UserId}&token=not-the-token", null,
                ["Input.User", "Input.Token", "Input.Password", "Input.ConfirmPassword"],
                new() { ["Input.User"] = invitation.UserId.ToString(), ["Input.Token"] = "not-the-token", ["Input.Password"] = "a-new-password-2026", ["Input.ConfirmPassword"] = "another-password-2026" }),
            new("forgot-password", "/account/forgot-password", null, ["Input.Email"], new()),
            new("change-password", "/account/manage/change-password", Author, ["Input.OldPassword", "Input.NewPassword", "Input.ConfirmPassword"],
                new() { ["Input.OldPassword"] = "not-my-password-2026", ["Input.NewPassword"] = "a-new-password-2026", ["Input.ConfirmPassword"] = "a-new-password-2026" }),
            new("enable-authenticator", "/account/manage/enable-authenticator", Author, ["Input.Code"], new()),
            // Forms without fields: the corpus goes into an extra field, which must be ignored (for an author without
            // a second factor both are no-ops, so nothing may change).
            new("new-recovery-codes", "/account/manage/recovery-codes", Author, ["Extra"], new()),
            new("reset-authenticator", "/account/manage", Author, [], new()),
            new("/account/logout", "/account/login", null, ["returnUrl"], new(), IsEndpoint: true),
            new("/account/language", "/workspace", Author, ["lang", "returnUrl"], new() { ["lang"] = "kk", ["returnUrl"] = "/workspace" }, IsEndpoint: true),
        ];
    }

    [Fact]
    public void Every_post_form_of_the_app_is_in_the_corpus_test()
    {
        var found = ResourceFile.WebSources().Where(f => f.EndsWith(".razor", StringComparison.Ordinal))
            .SelectMany(f => FormDeclaration().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Success ? m.Groups["name"].Value : m.Groups["action"].Value))
            .ToHashSet(StringComparer.Ordinal);
        var covered = new[] { "login", "login-2fa", "login-recovery", "invitation", "reset-password", "forgot-password", "change-password", "enable-authenticator", "new-recovery-codes", "reset-authenticator", "/account/logout", "/account/language" };
        Assert.True(found.SetEquals(covered), $"forms in the components: {string.Join(", ", found.Order())}; add new ones to SpecsAsync");
        Assert.DoesNotContain(ResourceFile.WebSources(), f => File.ReadAllText(f).Contains("method=\"post\"", StringComparison.OrdinalIgnoreCase)
            && !FormDeclaration().IsMatch(File.ReadAllText(f)));
    }

    [Fact]
    public async Task Every_form_field_survives_the_bad_value_corpus()
    {
        var specs = await SpecsAsync();
        var texts = ResourceFile.Read("SharedResource", "ru").Values.Concat(ResourceFile.Read("AdminStrings", "ru").Values).ToHashSet(StringComparer.Ordinal);
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal)
        {
            ["anonymous"] = factory.Client("ru"),
            [Author] = await SignedInAsync(Author),
            ["password-step"] = await PasswordStepAsync(),
        };
        // The first visit of the enrolment page creates the author's authenticator key: before the checksum.
        Assert.Equal(HttpStatusCode.OK, (await clients[Author].GetAsync("/account/manage/enable-authenticator")).StatusCode);

        var before = await ChecksumAsync();
        var problems = new List<string>();
        var sent = 0;
        foreach (var spec in specs)
        {
            var client = clients[spec.As ?? "anonymous"];
            var targets = spec.Fields.Select(f => (Field: f, Values: Corpus)).Append((Field: "_handler", Values: Corpus)).ToList();
            foreach (var (field, values) in targets)
            {
                foreach (var bad in values)
                {
                    var page = await client.GetAsync(spec.Page);
                    var html = await page.Content.ReadAsStringAsync();
                    if (page.StatusCode != HttpStatusCode.OK)
                    {
                        problems.Add($"{spec.Page}: {(int)page.StatusCode} before posting");
                        continue;
                    }

                    // A page that shows this user no form (reset-authenticator without a second factor) is posted with
                    // the user's token from another page: the post must still be harmless.
                    if (!html.Contains("__RequestVerificationToken", StringComparison.Ordinal))
                        html = await client.GetStringAsync(spec.As is null ? "/account/login" : "/account/manage/change-password");
                    var form = new List<KeyValuePair<string, string>>(spec.Others.Where(o => o.Key != field))
                    {
                        new("__RequestVerificationToken", WebTestHelpers.AntiforgeryToken(html)),
                        new(field, bad),
                    };
                    if (!spec.IsEndpoint && field != "_handler")
                        form.Add(new("_handler", spec.Name));
                    var url = spec.IsEndpoint ? spec.Name : spec.Page;
                    var response = await client.PostAsync(url, new StringContent(Encode(form), Encoding.ASCII, "application/x-www-form-urlencoded"));
                    sent++;
                    var body = await response.Content.ReadAsStringAsync();
                    var status = (int)response.StatusCode;
                    var what = $"{spec.Name} {field}={Show(bad)}: {status}";
                    if (status >= 500)
                        problems.Add(what);
                    else if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
                        problems.Add($"{what}: a stack trace");
                    else if (status >= 400 && string.IsNullOrWhiteSpace(body))
                        problems.Add($"{what}: no explanation");
                    else if (status is >= 300 and < 400)
                    {
                        // Only the endpoints answer with a redirect, and only to a page of ours.
                        var location = response.LocationPath() ?? string.Empty;
                        if (!spec.IsEndpoint || !location.StartsWith('/') || location.StartsWith("//", StringComparison.Ordinal)
                            || location.Contains('\n', StringComparison.Ordinal) || location.Contains("evil", StringComparison.Ordinal))
                            problems.Add($"{what} → {location}");
                    }
                    else if (status == 200 && field != "_handler")
                    {
                        // The form again, with a message from our resources in the reader's language.
                        var alerts = Alert().Matches(body).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).ToList();
                        if (!body.Contains("<form", StringComparison.Ordinal))
                            problems.Add($"{what}: no form in the answer");
                        else if (spec.Fields.Length > 0 && field != "Extra" && (alerts.Count == 0 || alerts.Any(a => !texts.Contains(a))))
                            problems.Add($"{what}: no localised message ({string.Join(" | ", alerts)})");
                    }

                    if (spec.Name == "/account/logout")
                        clients["anonymous"] = factory.Client("ru");
                }
            }
        }

        Assert.True(sent > 150, $"only {sent} posts");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
        Assert.Equal(before, await ChecksumAsync());
    }

    private static string Show(string value) => value.Length > 24 ? value[..24] + "…" : value.Replace("\r\n", "\\r\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);

    /// <summary>As a browser encodes a form; a corpus value starting with % is sent as it is (raw bytes, e.g. invalid UTF-8).</summary>
    private static string Encode(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + (f.Value.StartsWith('%') ? f.Value : Uri.EscapeDataString(f.Value))));

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.Client("ru");
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, SecurityWeb.Password)).StatusCode);
        return client;
    }

    /// <summary>A browser that has passed the password step of an editor and is asked for the second factor.</summary>
    private async Task<HttpClient> PasswordStepAsync()
    {
        var client = factory.Client("ru");
        var response = await client.SignInAsync(Editor, SecurityWeb.Password);
        Assert.StartsWith("/account/login-2fa", response.LocationPath(), StringComparison.Ordinal);
        return client;
    }

    private async Task<Invitation> InvitationAsync()
    {
        var (scope, admin) = await AdminScopeAsync();
        await using var _ = scope;
        return await scope.ServiceProvider.GetRequiredService<AccountAdminService>().InviteAsync(admin, new AccountForm
        {
            Email = $"corpus-{Guid.NewGuid():N}@example.org",
            DisplayName = "Корпус Тестов",
            Role = Roles.Author,
            OrganisationId = DemoIds.ErkindikQanaty,
        });
    }

    private Task<(AsyncServiceScope Scope, StaffUser Staff)> AdminScopeAsync()
    {
        _ = factory.Server;
        return StaffAccounts.ScopeAsAsync(factory.Services, "admin@baqylau.local", Roles.Admin);
    }

    /// <summary>What a form could change: accounts, their secrets and roles, content, and the audit trail (less failed-attempt counters).</summary>
    private async Task<string> ChecksumAsync()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM (
              SELECT concat_ws(',', "Id", "Email", "PasswordHash", "SecurityStamp", "TwoFactorEnabled", "IsActive", "DisplayName",
                               "OrganisationId", "PreferredCulture", "LastTotpStep") AS x FROM "AspNetUsers"
              UNION ALL SELECT concat_ws(',', "UserId", "LoginProvider", "Name", "Value") FROM "AspNetUserTokens"
              UNION ALL SELECT concat_ws(',', "UserId", "RoleId") FROM "AspNetUserRoles"
              UNION ALL SELECT concat_ws(',', "Id", "EntityType", "Action") FROM "AuditEntries" WHERE "EntityType" <> 'BaqylauUser'
              UNION ALL SELECT "Id"::text FROM "Statements"
              UNION ALL SELECT "Id"::text FROM "Incidents") t
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex("(?:FormName|@formname)=\"(?<name>[^\"]+)\"|<form method=\"post\" action=\"(?<action>[^\"]+)\"")]
    private static partial Regex FormDeclaration();

    [GeneratedRegex("""<p class="alert alert--error" role="alert">([^<]*)</p>""")]
    private static partial Regex Alert();
}
