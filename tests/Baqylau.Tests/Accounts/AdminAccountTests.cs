using System.Net;
using System.Text;
using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Campaigns;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Local.Demo;
using Baqylau.Statements;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Accounts;

/// <summary>Accounts, the audit log and the admin-only gate, through the services and the real sign-in.</summary>
public class AdminAccountTests(AdminWebFactory factory) : IClassFixture<AdminWebFactory>
{
    private const string NewPassword = "a-long-new-password-2026";

    private static AccountForm Invite(string email, string role = Roles.Author) => new()
    {
        Email = email,
        DisplayName = "Сынақ Қызметкер",
        Role = role,
        OrganisationId = DemoIds.SecondOrganisation,
        PreferredCulture = "ru",
    };

    /// <summary>An invited account that has set its password: a real user to act on.</summary>
    private async Task<Guid> ActiveAccountAsync(string email, string role = Roles.Author)
    {
        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdminService>();
        var invitation = await accounts.InviteAsync(admin, Invite(email, role));
        Assert.Empty(await accounts.AcceptInvitationAsync(invitation.UserId, invitation.Token, NewPassword));
        return invitation.UserId;
    }

    [Fact]
    public async Task An_invitation_sets_the_first_password_once_and_its_token_is_kept_nowhere()
    {
        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdminService>();
        var invitation = await accounts.InviteAsync(admin, Invite("invited@example.org"));
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == invitation.UserId);
        Assert.Null(account.PasswordHash);

        // Through the real page, as the invited person would.
        var client = factory.Client();
        var url = $"/account/invitation?user={invitation.UserId}&token={Uri.EscapeDataString(invitation.Token)}";
        var page = await client.GetAsync(url);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        var fields = new Dictionary<string, string>
        {
            ["Input.User"] = invitation.UserId.ToString(),
            ["Input.Token"] = invitation.Token,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        };
        var accepted = await client.PostFormAsync(url, "invitation", fields);
        Assert.Contains("data-testid=\"invitation-done\"", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The same link again: refused, and the password stays.
        fields["Input.Password"] = fields["Input.ConfirmPassword"] = "someone-else-password-1";
        var again = await client.PostFormAsync(url, "invitation", fields);
        var html = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync());
        Assert.DoesNotContain("data-testid=\"invitation-done\"", html, StringComparison.Ordinal);
        Assert.Contains("жарамсыз", html, StringComparison.Ordinal);
        Assert.Equal(["InvalidToken"], await accounts.AcceptInvitationAsync(invitation.UserId, invitation.Token, "someone-else-password-2"));

        var signIn = factory.Client();
        var response = await signIn.SignInAsync("invited@example.org", NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await signIn.GetAsync("/workspace")).StatusCode);

        // Audited (invited, accepted) without the token anywhere.
        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.EntityId == invitation.UserId.ToString()).ToListAsync();
        Assert.Contains(entries, e => e.Action == AuditAction.Other && e.Changes.Contains("Invited", StringComparison.Ordinal) && e.UserName == AdminWebFactory.AdminEmail);
        Assert.Contains(entries, e => e.Action == AuditAction.Other && e.Changes.Contains("InvitationAccepted", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Changes.Contains(invitation.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deactivated_account_cannot_sign_in_and_its_open_session_ends()
    {
        var id = await ActiveAccountAsync("leaving@example.org");
        var client = factory.Client();
        await client.SignInAsync("leaving@example.org", NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/workspace")).StatusCode);

        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdminService>();
        await accounts.SetActiveAsync(admin, id, active: false);

        var after = await client.GetAsync("/workspace");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.LocationPath(), StringComparison.Ordinal);
        var again = await factory.Client().SignInAsync("leaving@example.org", NewPassword);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // stayed on the sign-in form

        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        Assert.True(await db.Users.AnyAsync(u => u.Id == id && !u.IsActive)); // never deleted
        var entry = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(BaqylauUser) && a.EntityId == id.ToString() && a.Action == AuditAction.Update)
            .OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(AdminWebFactory.AdminEmail, entry.UserName);
        var change = Assert.Single(AuditLogQueries.Changes(entry.Changes), c => c.Field == nameof(BaqylauUser.IsActive));
        Assert.Equal(("true", "false"), (change.Before, change.After));
        // The stamp is a secret: recorded as changed, never by value.
        Assert.True(Assert.Single(AuditLogQueries.Changes(entry.Changes), c => c.Field == nameof(BaqylauUser.SecurityStamp)).Hidden);

        // An admin cannot lock themselves out.
        var own = await Assert.ThrowsAsync<RuleException>(() => accounts.SetActiveAsync(admin, admin.UserId, active: false));
        Assert.Equal(AdminErrors.OwnAccount, own.ErrorKey);
    }

    [Fact]
    public async Task Signing_out_everywhere_changes_the_stamp_and_ends_the_open_session()
    {
        var id = await ActiveAccountAsync("travelling@example.org");
        var client = factory.Client();
        await client.SignInAsync("travelling@example.org", NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/workspace")).StatusCode);

        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var before = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync();
        await scope.ServiceProvider.GetRequiredService<AccountAdminService>().SignOutEverywhereAsync(admin, id);
        var after = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync();
        Assert.NotEqual(before, after);

        var response = await client.GetAsync("/workspace");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.LocationPath(), StringComparison.Ordinal);
        // Still active: signing in again works.
        Assert.Equal(HttpStatusCode.Redirect, (await factory.Client().SignInAsync("travelling@example.org", NewPassword)).StatusCode);
        Assert.Contains(await db.AuditEntries.AsNoTracking().Where(a => a.EntityId == id.ToString() && a.Action == AuditAction.Other).ToListAsync(),
            a => a.Changes.Contains("SignedOutEverywhere", StringComparison.Ordinal) && a.UserName == AdminWebFactory.AdminEmail);
    }

    [Fact]
    public async Task Resetting_the_second_factor_turns_it_off_replaces_the_key_and_drops_recovery_codes()
    {
        var id = await ActiveAccountAsync("editor2@example.org", Roles.Editor);
        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BaqylauUser>>();
        var account = (await users.FindByIdAsync(id.ToString()))!;
        await users.ResetAuthenticatorKeyAsync(account);
        var oldKey = await users.GetAuthenticatorKeyAsync(account);
        await users.SetTwoFactorEnabledAsync(account, true);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10);
        Assert.Equal(10, await users.CountRecoveryCodesAsync(account));

        await scope.ServiceProvider.GetRequiredService<AccountAdminService>().ResetTwoFactorAsync(admin, id);

        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        db.ChangeTracker.Clear();
        account = (await users.FindByIdAsync(id.ToString()))!;
        Assert.False(account.TwoFactorEnabled);
        Assert.NotEqual(oldKey, await users.GetAuthenticatorKeyAsync(account));
        Assert.Equal(0, await users.CountRecoveryCodesAsync(account));
        Assert.Contains(await db.AuditEntries.AsNoTracking().Where(a => a.EntityId == id.ToString() && a.Action == AuditAction.Other).ToListAsync(),
            a => a.Changes.Contains("TwoFactorReset", StringComparison.Ordinal) && a.UserName == AdminWebFactory.AdminEmail);

        // An Editor without a second factor is sent to enrol before the workspace.
        var client = factory.Client();
        await client.SignInAsync("editor2@example.org", NewPassword);
        var workspace = await client.GetAsync("/workspace");
        Assert.Equal(HttpStatusCode.Redirect, workspace.StatusCode);
        Assert.StartsWith("/account/manage/", workspace.LocationPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_and_organisation_rules_are_enforced_and_changes_are_audited()
    {
        var id = await ActiveAccountAsync("promoted@example.org");
        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdminService>();
        var form = await accounts.GetAsync(admin, id);
        form.OrganisationId = null;
        var ex = await Assert.ThrowsAsync<ValidationException>(() => accounts.UpdateAsync(admin, form));
        Assert.Contains(ex.Errors, e => e.Key == ErrorKeys.OrganisationRequired);
        var duplicate = await Assert.ThrowsAsync<ValidationException>(() => accounts.InviteAsync(admin, Invite("editor@baqylau.local")));
        Assert.Contains(duplicate.Errors, e => e.Key == AdminErrors.EmailTaken);

        form.OrganisationId = DemoIds.ErkindikQanaty;
        form.Role = Roles.Editor;
        await accounts.UpdateAsync(admin, form);
        var saved = await accounts.GetAsync(admin, id);
        Assert.Equal((Roles.Editor, DemoIds.ErkindikQanaty), (saved.Role, saved.OrganisationId));

        var list = await accounts.ListAsync(admin, new AccountAdminQuery { Search = "promoted@", Role = Roles.Editor });
        Assert.Equal(id, Assert.Single(list.Items).Id);
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType.Contains("UserRole") && a.Action == AuditAction.Insert && a.UserName == AdminWebFactory.AdminEmail));
        var orgChange = (await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(BaqylauUser) && a.EntityId == id.ToString())
            .OrderByDescending(a => a.Id).ToListAsync()).First(a => a.Changes.Contains("OrganisationId", StringComparison.Ordinal));
        Assert.Equal(AdminWebFactory.AdminEmail, orgChange.UserName);
        Assert.Equal(DemoIds.ErkindikQanaty.ToString(), Assert.Single(AuditLogQueries.Changes(orgChange.Changes), c => c.Field == "OrganisationId").After);
    }

    [Fact]
    public async Task Editors_and_authors_are_refused_the_admin_workspace_and_its_services()
    {
        var editor = factory.Client();
        await editor.SignInAsync("editor@baqylau.local", BaqylauWebFactory.DemoPassword, factory.Totp);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/workspace")).StatusCode);
        Assert.DoesNotContain("data-testid=\"nav-admin\"", await editor.GetStringAsync("/workspace"), StringComparison.Ordinal);
        var author = factory.Client();
        await author.SignInAsync("author@baqylau.local", BaqylauWebFactory.DemoPassword);
        foreach (var client in new[] { editor, author })
        {
            foreach (var path in new[] { "/workspace/admin", "/workspace/admin/campaigns", $"/workspace/admin/campaigns/{DemoIds.Kurultai2026}", "/workspace/admin/organisations",
                         "/workspace/admin/accounts", "/workspace/admin/accounts/new", "/workspace/admin/audit", "/workspace/admin/audit.csv" })
            {
                var response = await client.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}");
                Assert.StartsWith("/account/access-denied", response.LocationPath(), StringComparison.Ordinal);
            }
        }

        var anonymous = await factory.Client().GetAsync("/workspace/admin/accounts");
        Assert.StartsWith("/account/login", anonymous.LocationPath(), StringComparison.Ordinal);

        // The services refuse too, whatever page calls them.
        await using var scope = factory.Services.CreateAsyncScope();
        var notAdmin = new StaffUser(Guid.NewGuid(), DemoIds.ErkindikQanaty, [Roles.Editor]);
        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => scope.ServiceProvider.GetRequiredService<CampaignAdminService>().ListAsync(notAdmin, new CampaignAdminQuery()));
        Assert.Equal(ErrorKeys.Forbidden, refused.ErrorKey);
        await Assert.ThrowsAsync<ForbiddenException>(() => scope.ServiceProvider.GetRequiredService<AccountAdminService>().InviteAsync(notAdmin, Invite("x@example.org")));
        await Assert.ThrowsAsync<ForbiddenException>(() => scope.ServiceProvider.GetRequiredService<AuditLogQueries>().ExportAsync(notAdmin, new AuditFilter()));

        var admin = factory.Client();
        await admin.SignInAsync(AdminWebFactory.AdminEmail, BaqylauWebFactory.DemoPassword, factory.Totp);
        foreach (var path in new[] { "/workspace/admin/campaigns", "/workspace/admin/accounts", "/workspace/admin/audit", $"/workspace/admin/campaigns/{DemoIds.Kurultai2026}" })
            Assert.True((await admin.GetAsync(path)).StatusCode == HttpStatusCode.OK, path);
        var editorPage = await admin.GetStringAsync($"/workspace/admin/campaigns/{DemoIds.Kurultai2026}");
        Assert.Contains("data-testid=\"campaign-save\"", editorPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"campaign-voting-day\"", editorPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nav-admin\"", await admin.GetStringAsync("/workspace"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_csv_has_a_bom_the_filtered_entries_codes_beside_words_no_secrets_and_is_itself_audited()
    {
        // Something to find: a campaign saved by the admin, its description and voting day changed.
        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var campaigns = scope.ServiceProvider.GetRequiredService<CampaignAdminService>();
        var form = await campaigns.GetAsync(admin, DemoIds.SecondCampaign);
        form.DescriptionRu = "Описание =HYPERLINK(\"http://evil\")";
        var dayBefore = form.VotingDay!.Value;
        form.VotingDay = dayBefore.AddDays(1);
        await campaigns.SaveAsync(admin, form);
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var hashes = await db.Users.AsNoTracking().Where(u => u.PasswordHash != null).Select(u => u.PasswordHash!).ToListAsync();

        var client = factory.Client();
        await client.SignInAsync(AdminWebFactory.AdminEmail, BaqylauWebFactory.DemoPassword, factory.Totp);
        var response = await client.GetAsync("/workspace/admin/audit.csv?entity=Campaign&action=Update");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);

        var (lang, rows) = ReadAuditCsv(bytes);
        var words = ResourceFile.Read("AuditStrings", lang);
        var admins = ResourceFile.Read("AdminStrings", lang);
        Assert.NotEmpty(rows);
        // Codes keep their own columns (stable across languages); the words stand beside them.
        Assert.All(rows, r => Assert.Equal(("Campaign", words["Entity_Campaign"]), (r["Csv_EntityType"], r["Csv_EntityName"])));
        Assert.All(rows, r => Assert.Equal(("Update", admins["AuditAction_Update"]), (r["Csv_Action"], r["Csv_ActionName"])));
        Assert.All(rows, r => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", r["Csv_At"]));
        // Kazakhstan time to the second: five hours after the UTC column, no fractions.
        Assert.All(rows, r => Assert.Equal(
            Baqylau.Localization.Datelines.FormatToSecond(DateTimeOffset.Parse(r["Csv_At"], System.Globalization.CultureInfo.InvariantCulture), lang), r["Csv_AtLocal"]));

        var description = Assert.Single(rows, r => r["Csv_EntityId"] == DemoIds.SecondCampaign.ToString() && r["Csv_Field"] == "Description"
            && r["Csv_After"].Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.Equal(AdminWebFactory.AdminEmail, description["Csv_User"]);
        Assert.Equal(words["Field_Description"], description["Csv_FieldName"]);
        Assert.Contains($"{words["Language_ru"]}: Описание =HYPERLINK", description["Csv_AfterText"], StringComparison.Ordinal);

        var votingDay = rows.Last(r => r["Csv_EntityId"] == DemoIds.SecondCampaign.ToString() && r["Csv_Field"] == "VotingDay");
        Assert.Equal(words["Field_VotingDay"], votingDay["Csv_FieldName"]);
        Assert.Equal((dayBefore.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Baqylau.Localization.Datelines.FormatDate(dayBefore, lang)),
            (votingDay["Csv_Before"], votingDay["Csv_BeforeText"]));
        Assert.Equal(Baqylau.Localization.Datelines.FormatDate(dayBefore.AddDays(1), lang), votingDay["Csv_AfterText"]);

        // Whole log: no password hash or stamp by value, only "changed", in the code and the word columns alike.
        var (_, all) = ReadAuditCsv(await client.GetByteArrayAsync("/workspace/admin/audit.csv"));
        var password = all.Where(r => r["Csv_Field"] == "PasswordHash").ToList();
        Assert.NotEmpty(password);
        Assert.All(password, r => Assert.Equal((admins["Audit_Hidden"], admins["Audit_Hidden"]), (r["Csv_After"], r["Csv_AfterText"])));
        Assert.All(hashes, h => Assert.DoesNotContain(all, r => r.Values.Any(v => v.Contains(h, StringComparison.Ordinal))));

        var exports = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditAction.Export && a.EntityType == AuditLogQueries.AuditLogEntity).ToListAsync();
        Assert.Equal(2, exports.Count);
        Assert.All(exports, e => Assert.Equal(AdminWebFactory.AdminEmail, e.UserName));
        Assert.Contains(exports, e => e.Changes.Contains("Campaign", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/workspace/admin/audit.csv?from=yesterday")).StatusCode);
    }

    /// <summary>
    /// The export parsed with CsvHelper: the language is the one whose headers it carries, and each row is keyed by
    /// the resource key of its column ("Csv_EntityType", "Csv_EntityName", …).
    /// </summary>
    private static (string Lang, List<Dictionary<string, string>> Rows) ReadAuditCsv(byte[] bytes)
    {
        string[] adminColumns = ["Csv_Id", "Csv_At", "Csv_User", "Csv_UserId", "Csv_EntityType", "Csv_EntityId", "Csv_Action", "Csv_Field", "Csv_Before", "Csv_After"];
        string[] auditColumns = ["Csv_AtLocal", "Csv_EntityName", "Csv_ActionName", "Csv_FieldName", "Csv_BeforeText", "Csv_AfterText"];
        using var csv = CsvHelper.CsvReader.Create(bytes, null);
        var headers = csv.Headers.ToList();
        foreach (var lang in new[] { "kk", "ru" })
        {
            var admin = ResourceFile.Read("AdminStrings", lang);
            var audit = ResourceFile.Read("AuditStrings", lang);
            var keyOf = adminColumns.ToDictionary(k => admin[k], k => k).Concat(auditColumns.ToDictionary(k => audit[k], k => k)).ToDictionary();
            if (!headers.All(keyOf.ContainsKey))
                continue;
            Assert.Equal(16, headers.Count);
            var rows = new List<Dictionary<string, string>>();
            while (csv.Read())
                rows.Add(headers.Select((h, i) => (keyOf[h], csv.GetString(i))).ToDictionary());
            return (lang, rows);
        }

        Assert.Fail("the CSV headers are in neither language: " + string.Join(", ", headers));
        return default;
    }

    [Fact]
    public async Task The_audit_viewer_filters_by_who_entity_action_and_day_and_pages()
    {
        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var campaigns = scope.ServiceProvider.GetRequiredService<CampaignAdminService>();
        var form = await campaigns.GetAsync(admin, DemoIds.SecondCampaign);
        form.DescriptionKk = "Жаңартылған сипаттама";
        await campaigns.SaveAsync(admin, form);
        var audit = scope.ServiceProvider.GetRequiredService<AuditLogQueries>();

        var mine = await audit.ListAsync(admin, new AuditFilter { User = "ADMIN@baqylau", EntityType = nameof(Campaign), Action = AuditAction.Update }, null, true, 1, 50);
        Assert.NotEmpty(mine.Items);
        Assert.All(mine.Items, r => Assert.Equal((AdminWebFactory.AdminEmail, nameof(Campaign), AuditAction.Update), (r.UserName, r.EntityType, r.Action)));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Baqylau.Localization.Datelines.Kazakhstan).DateTime);
        Assert.NotEmpty((await audit.ListAsync(admin, new AuditFilter { From = today, To = today, EntityType = nameof(Campaign) }, null, true, 1, 10)).Items);
        Assert.Empty((await audit.ListAsync(admin, new AuditFilter { To = today.AddDays(-400) }, null, true, 1, 10)).Items);

        var page1 = await audit.ListAsync(admin, new AuditFilter(), "At", true, 1, 5);
        var page2 = await audit.ListAsync(admin, new AuditFilter(), "At", true, 2, 5);
        Assert.Equal(5, page1.Items.Count);
        Assert.True(page1.Items[^1].Id > page2.Items[0].Id);
        Assert.Contains(nameof(Campaign), await audit.EntityTypesAsync(admin));
    }
}
