using System.Globalization;
using Baqylau.Accounts;
using Baqylau.Desk;
using Baqylau.Incidents;
using Baqylau.Statements;
using Baqylau.Tests.Support;
using Baqylau.Web.Desk.Workspace;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Baqylau.Tests.Desk;

/// <summary>The desk page's view per role, rendered with bUnit and the real resources from what DeskQueries reads.</summary>
public sealed class DeskViewTests(DeskFixture fixture) : IClassFixture<DeskFixture>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2027, 4, 14, 6, 0, 0, TimeSpan.Zero);
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;
    private readonly CultureInfo _previousFormat = CultureInfo.CurrentCulture;

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _previous;
        CultureInfo.CurrentCulture = _previousFormat;
    }

    private static void Use(string lang)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(lang == "kk" ? "kk-KZ" : "ru-KZ");
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture;
    }


    private Task<StaffDesk> DeskOfAsync(Guid user, Guid? org, string role) =>
        fixture.Queries(DeskFixture.Clock(Now)).GetAsync(new StaffUser(user, org, [role]));

    private static IReadOnlyList<string> Sections(IRenderedComponent<DeskView> cut) =>
        [.. cut.FindAll("section[data-testid]").Select(s => s.GetAttribute("data-testid")!)];

    [Fact]
    public async Task An_author_sees_their_three_lists_with_the_editors_comment_and_each_item_links_to_its_editor()
    {
        Use("ru");
        var org = await fixture.OrganisationAsync();
        var author = Guid.NewGuid();
        var back = await fixture.StatementAsync(org, author, StatementStatus.Draft, Now.AddDays(-1), "Вернули", history:
            [(RevisionKind.Submit, Now.AddDays(-2), null), (RevisionKind.SendBack, Now.AddDays(-1), "Добавьте источник")]);
        var draft = await fixture.StatementAsync(org, author, StatementStatus.Draft, Now.AddDays(-1), "Черновик");

        await using var ctx = ComponentContexts.Workspace();
        var desk = await DeskOfAsync(author, org, Roles.Author);
        var cut = ctx.Render<DeskView>(p => p.Add(x => x.Desk, desk));

        Assert.Equal(["desk-sent-back", "desk-drafts", "desk-my-scheduled"], Sections(cut));
        var sentBack = cut.Find("[data-testid='desk-sent-back']");
        Assert.Contains("Комментарий редактора: Добавьте источник", sentBack.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/workspace/statements/{back}", sentBack.QuerySelector("a[data-testid='desk-item']")!.GetAttribute("href"));
        Assert.Equal($"/workspace/statements/{draft}", cut.Find("[data-testid='desk-drafts'] a[data-testid='desk-item']").GetAttribute("href"));
        Assert.Contains("Здесь пока ничего нет.", cut.Find("[data-testid='desk-my-scheduled']").TextContent, StringComparison.Ordinal);
        Assert.Equal("/workspace/statements/new", cut.Find("[data-testid='desk-new-statement']").GetAttribute("href"));
        Assert.Equal("/workspace/incidents/new", cut.Find("[data-testid='desk-new-incident']").GetAttribute("href"));
    }

    [Fact]
    public async Task An_editor_sees_the_review_queue_oldest_first_with_its_age_in_kazakh_and_no_admin_lists()
    {
        Use("kk");
        var org = await fixture.OrganisationAsync();
        var statement = await fixture.StatementAsync(org, Guid.NewGuid(), StatementStatus.InReview, Now.AddHours(-3), "Тексеруге жіберілді", history:
            [(RevisionKind.Submit, Now.AddHours(-3), null)]);
        var incident = await fixture.IncidentAsync(org, VerificationStatus.Reported, Now.AddDays(-3), "Оқиға");

        await using var ctx = ComponentContexts.Workspace();
        var desk = await DeskOfAsync(Guid.NewGuid(), org, Roles.Editor);
        var cut = ctx.Render<DeskView>(p => p.Add(x => x.Desk, desk));

        Assert.Equal(["desk-review", "desk-scheduled", "desk-translations", "desk-corrections"], Sections(cut));
        var links = cut.FindAll("[data-testid='desk-review'] a[data-testid='desk-item']").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/workspace/incidents/{incident}", $"/workspace/statements/{statement}"], links);
        var ages = cut.FindAll("[data-testid='desk-review'] [data-testid='desk-age']").Select(a => a.TextContent.Trim()).ToList();
        Assert.StartsWith("3 күн күтуде", ages[0], StringComparison.Ordinal);
        Assert.Equal("3 сағат күтуде", ages[1]);
        Assert.Equal("2", cut.Find("[data-testid='desk-review-count']").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='audit-alerts']"));
    }

    [Fact]
    public async Task An_admin_also_sees_alerts_accounts_without_a_second_factor_and_campaign_dates_linking_to_their_editors()
    {
        Use("ru");
        var plain = await fixture.UserAsync(await fixture.OrganisationAsync(), Roles.Author, twoFactor: false);
        var campaign = await fixture.CampaignAsync(new DateOnly(2027, 4, 30), archived: false);

        await using var ctx = ComponentContexts.Workspace();
        var desk = await DeskOfAsync(Guid.NewGuid(), null, Roles.Admin);
        var cut = ctx.Render<DeskView>(p => p.Add(x => x.Desk, desk));

        Assert.Equal(["desk-review", "desk-scheduled", "desk-translations", "desk-corrections", "audit-alerts", "desk-no-2fa", "desk-key-dates"], Sections(cut));
        Assert.NotNull(cut.Find($"[data-testid='desk-no-2fa'] a[href='/workspace/admin/accounts/{plain}']"));
        var date = cut.Find($"[data-testid='desk-key-dates'] a[href='/workspace/admin/campaigns/{campaign}']");
        Assert.Contains("День голосования: Кампания", date.TextContent, StringComparison.Ordinal);
        Assert.Contains("30 апреля 2027", cut.Find("[data-testid='desk-key-dates']").TextContent, StringComparison.Ordinal);
        Assert.Contains("В журнале аудита нет", cut.Find("[data-testid='audit-alerts']").TextContent, StringComparison.Ordinal);
    }
}
