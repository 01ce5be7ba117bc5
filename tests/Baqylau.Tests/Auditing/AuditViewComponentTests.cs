using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Campaigns;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Local.Demo;
using Baqylau.Localization;
using Baqylau.Tests.Support;
using Baqylau.Web.Auditing;
using Baqylau.Web.Auditing.Workspace;
using Baqylau.Web.Components.Shared;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Baqylau.Tests.Auditing;

/// <summary>The audit log's changes view and page, rendered with bUnit, MudBlazor and the real resources.</summary>
public sealed class AuditViewComponentTests(AdminWebFactory factory) : IClassFixture<AdminWebFactory>, IDisposable
{
    private readonly CultureInfo _ui = CultureInfo.CurrentUICulture;
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _ui;
        CultureInfo.CurrentCulture = _culture;
    }


    private static AuditChange Stored(string field, object? before, object? after)
    {
        static JsonNode? Node(object? v) => v is null ? null : JsonSerializer.SerializeToNode(v, v.GetType(), JsonColumn.Options);
        var json = new JsonObject { [field] = new JsonObject { ["before"] = Node(before), ["after"] = Node(after) } };
        return Assert.Single(AuditLogQueries.Changes(json.ToJsonString(JsonColumn.Options)));
    }

    [Fact]
    public async Task The_changes_view_names_fields_shows_values_in_words_marks_the_change_and_keeps_hidden_fields_hidden()
    {
        var p = AuditPresenterTests.Presenter("ru");
        var body = string.Join('\n', Enumerable.Range(1, 30).Select(i => $"Абзац {i} заявления о выборах, достаточно длинный, чтобы свернуться."));
        var changes = new[]
        {
            p.Present(nameof(Campaign), Stored(nameof(Campaign.VotingDay), new DateOnly(2026, 8, 23), new DateOnly(2026, 8, 30))),
            p.Present(nameof(Campaign), Stored(nameof(Campaign.KeyDates),
                new List<CampaignKeyDate> { new() { Kind = CampaignDateKind.VotingDay, Start = new DateOnly(2026, 8, 23) } },
                new List<CampaignKeyDate> { new() { Kind = CampaignDateKind.VotingDay, Start = new DateOnly(2026, 8, 30) } })),
            p.Present("StatementTranslation", new AuditChange("Body", body, body.Replace("Абзац 20 ", "Абзац двадцатый ", StringComparison.Ordinal), false)),
            p.Present("IncidentInternal", new AuditChange("WitnessIdentities", null, null, Hidden: true)),
        };
        await using var ctx = ComponentContexts.Workspace();
        var cut = ctx.Render<AuditChangesView>(ps => ps.Add(x => x.Changes, changes));

        var voting = cut.Find("tr[data-field='VotingDay']");
        Assert.Equal("День голосования", voting.QuerySelector("th")!.TextContent.Trim());
        Assert.Equal("23 августа 2026", voting.QuerySelector(".audit-changes__before")!.TextContent.Trim());
        Assert.Equal("23", voting.QuerySelector(".audit-changes__before del")!.TextContent);
        Assert.Equal("30", voting.QuerySelector(".audit-changes__after ins")!.TextContent);

        var keyDates = cut.Find("tr[data-field='KeyDates']");
        Assert.Equal("Ключевые даты", keyDates.QuerySelector("th")!.TextContent.Trim());
        Assert.Equal("День голосования: 30 августа 2026", keyDates.QuerySelector(".audit-changes__after .audit-value__row--changed")!.TextContent.Trim());

        // The whole body is there, folded; the summary quotes the changed paragraph.
        var bodyRow = cut.Find("tr[data-field='Body']");
        Assert.Equal("Текст", bodyRow.QuerySelector("th")!.TextContent.Trim());
        var after = bodyRow.QuerySelector(".audit-changes__after details")!;
        Assert.StartsWith("Абзац двадцатый", after.QuerySelector("summary")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(30, after.QuerySelectorAll(".audit-value__row").Length);
        Assert.Single(after.QuerySelectorAll(".audit-value__row--changed"));

        var hidden = cut.Find("tr[data-field='WitnessIdentities']");
        Assert.Equal("Данные свидетелей", hidden.QuerySelector("th")!.TextContent.Trim());
        Assert.Equal("2", hidden.QuerySelector("td")!.GetAttribute("colspan"));
        Assert.Empty(hidden.QuerySelectorAll(".audit-changes__before, .audit-changes__after"));
    }

    [Fact]
    public async Task The_audit_page_shows_entities_actions_and_times_in_words_and_offers_entities_by_name()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = Cultures.Get("ru");
        var (scope, admin) = await factory.AdminScopeAsync();
        await using var _ = scope;
        var campaigns = scope.ServiceProvider.GetRequiredService<CampaignAdminService>();
        var form = await campaigns.GetAsync(admin, DemoIds.SecondCampaign);
        form.VotingDay = form.VotingDay!.Value.AddDays(2);
        await campaigns.SaveAsync(admin, form);

        await using var ctx = ComponentContexts.Workspace();
        ctx.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<AuditLogQueries>());
        ctx.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<AuditSchema>());
        ctx.Services.AddScoped<AuditPresenter>();
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(AdminWebFactory.AdminEmail);
        auth.SetRoles(Roles.Admin);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, admin.UserId.ToString()));

        var cut = ctx.Render<AuditLog>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tr[data-field='VotingDay']")), TimeSpan.FromSeconds(20));

        var entity = cut.FindAll("[data-testid='audit-entity'][data-entity='Campaign']");
        Assert.NotEmpty(entity);
        Assert.All(entity, e => Assert.Equal("Избирательная кампания", e.TextContent.Trim()));
        Assert.Contains(cut.FindAll("[data-testid='audit-action']"), a => a.TextContent.Trim() == "Изменение");
        Assert.DoesNotContain(cut.FindAll("[data-testid='audit-entity']"), e => e.TextContent.Contains('`', StringComparison.Ordinal));
        // Kazakhstan time to the second, the instant kept in the datetime attribute.
        var time = cut.Find("[data-testid='audit-row'] time");
        var at = DateTimeOffset.Parse(time.GetAttribute("datetime")!, CultureInfo.InvariantCulture);
        Assert.Equal(Datelines.FormatToSecond(at, "ru"), time.TextContent.Trim());
        Assert.Matches(@"\d\d:\d\d:\d\d$", time.TextContent.Trim());

        // The entity filter lists words for the codes it filters by (loaded apart from the rows, so waited for too).
        cut.WaitForAssertion(() =>
        {
            var filter = Assert.Single(cut.FindComponents<ChoiceFilter<string>>(), f => f.Instance.TestId == "audit-filter-entity");
            var options = filter.Instance.Options.ToList();
            Assert.Contains(("Campaign", "Избирательная кампания"), options.Select(o => (o.Value, o.Text)));
            Assert.All(options, o => Assert.NotEqual(o.Value, o.Text));
        }, TimeSpan.FromSeconds(20));
    }
}
