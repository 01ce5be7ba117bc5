using System.Globalization;
using Baqylau.Common;
using Baqylau.Incidents;
using Baqylau.Tests.Support;
using Baqylau.Web;
using Baqylau.Web.Incidents.Workspace;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;
using MudBlazor.Services;

namespace Baqylau.Tests.Incidents;

/// <summary>The bulk action's confirmation and its wording of refusals, with bUnit, MudBlazor and the real resources.</summary>
public sealed class IncidentBulkComponentTests : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    public IncidentBulkComponentTests() => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-KZ");

    public void Dispose() => CultureInfo.CurrentUICulture = _previous;


    private static IncidentRow Row(string title, VerificationStatus status, IncidentVisibility visibility = IncidentVisibility.Internal) =>
        new(Guid.NewGuid(), title, "А", "Блокировка", FuzzyDate.ForYear(2024), DateTimeOffset.UnixEpoch, status, visibility, DateTimeOffset.UnixEpoch, 7);

    [Fact]
    public async Task The_dialog_shows_the_change_how_many_and_the_ones_expected_to_be_refused_and_confirms_only_on_apply()
    {
        await using var ctx = ComponentContexts.Workspace();
        var plan = new IncidentBulkPlan(ctx.Services.GetRequiredService<IStringLocalizer<WorkspaceStrings>>(), []);
        var change = IncidentBulkChange.Verify(VerificationStatus.Verified);
        IncidentRow[] rows = [Row("Удаление наблюдателя", VerificationStatus.Corroborated), Row("Блокировка сайта", VerificationStatus.Corroborated), Row("Налоговая проверка", VerificationStatus.Reported)];
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();

        var asked = provider.InvokeAsync(() => BulkConfirmDialog.AskAsync(dialogs, "?", plan.Describe(change), plan.Forecast(rows, change)));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid='bulk-apply']")));
        Assert.Equal("Статус проверки → «Проверено»", provider.Find("[data-testid='bulk-confirm-change']").TextContent.Trim());
        Assert.Equal("Изменится: 2 из 3.", provider.Find("[data-testid='bulk-confirm-count']").TextContent.Trim());
        Assert.Equal(["Удаление наблюдателя", "Блокировка сайта"], provider.FindAll("[data-testid='bulk-confirm-changing'] li").Select(li => li.TextContent.Trim()));
        var unchanged = Assert.Single(provider.FindAll("[data-testid='bulk-confirm-unchanged'] li")).TextContent;
        Assert.StartsWith("«Налоговая проверка»: нельзя перевести в статус «Проверено», потому что сейчас он «Сообщено»", unchanged, StringComparison.Ordinal);
        Assert.Equal("Применить (2)", provider.Find("[data-testid='bulk-apply']").TextContent.Trim());
        await provider.Find("[data-testid='bulk-apply']").ClickAsync(new());
        Assert.True(await asked);

        // Nothing would change: the apply button is off, and cancelling answers false.
        var same = IncidentBulkChange.SetVisibility(IncidentVisibility.Internal);
        var cancelled = provider.InvokeAsync(() => BulkConfirmDialog.AskAsync(dialogs, "?", plan.Describe(same), plan.Forecast(rows, same)));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid='bulk-cancel']")));
        Assert.True(provider.Find("[data-testid='bulk-apply']").HasAttribute("disabled"));
        Assert.Equal(3, provider.FindAll("[data-testid='bulk-confirm-unchanged'] li").Count);
        await provider.Find("[data-testid='bulk-cancel']").ClickAsync(new());
        Assert.False(await cancelled);
    }

    [Fact]
    public async Task Refusals_read_title_and_reason_and_another_organisations_incident_stays_nameless()
    {
        await using var ctx = ComponentContexts.Workspace();
        var campaign = new NamedRef(Guid.NewGuid(), "Курултай 2026");
        var plan = new IncidentBulkPlan(ctx.Services.GetRequiredService<IStringLocalizer<WorkspaceStrings>>(), [campaign]);
        var verify = IncidentBulkChange.Verify(VerificationStatus.Verified);

        Assert.Equal("«Налоговая проверка»: нельзя перевести в статус «Проверено», потому что сейчас он «Оспаривается»; отсюда возможно только: «Сообщено».",
            plan.Refusal(new IncidentBulkOutcome(Guid.NewGuid(), "Налоговая проверка", VerificationStatus.Disputed, IncidentErrors.VerificationStep), verify));
        Assert.Equal("«Неизвестный инцидент»: не найден или принадлежит другой организации.",
            plan.Refusal(new IncidentBulkOutcome(Guid.NewGuid(), null, null, ErrorKeys.NotFound), verify));
        Assert.Contains("обновите список",
            plan.Refusal(new IncidentBulkOutcome(Guid.NewGuid(), "Блокировка", VerificationStatus.Reported, ErrorKeys.Conflict), verify), StringComparison.Ordinal);
        Assert.Equal("Кампания → «Курултай 2026»", plan.Describe(IncidentBulkChange.SetCampaign(campaign.Id)));
        Assert.Equal("Кампания → «Без кампании»", plan.Describe(IncidentBulkChange.SetCampaign(null)));
    }
}
