using System.Globalization;
using Baqylau.Tests.Support;
using Baqylau.Web.Components.Shared;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Baqylau.Tests.Components;

/// <summary>The admin pieces a browser test relies on (stable test ids), rendered with bUnit, MudBlazor and the real resources.</summary>
public sealed class AdminComponentTests : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    public AdminComponentTests() => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-KZ");

    public void Dispose() => CultureInfo.CurrentUICulture = _previous;


    [Fact]
    public async Task The_date_field_is_a_native_date_input_carrying_its_test_id_and_reads_what_is_typed()
    {
        await using var ctx = ComponentContexts.Workspace();
        DateOnly? value = new DateOnly(2026, 8, 23);
        var cut = ctx.Render<DateField>(p => p
            .Add(x => x.Label, "День голосования")
            .Add(x => x.Value, value)
            .Add(x => x.ValueChanged, (DateOnly? v) => value = v)
            .AddUnmatched("data-testid", "campaign-voting-day"));

        var marked = cut.Find("[data-testid='campaign-voting-day']");
        var input = marked.TagName == "INPUT" ? marked : marked.QuerySelector("input")!;
        Assert.Equal("date", input.GetAttribute("type"));
        Assert.Equal("2026-08-23", input.GetAttribute("value"));

        input.Change("2026-08-30");
        Assert.Equal(new DateOnly(2026, 8, 30), value);
        input.Change("not a day");
        Assert.Null(value);
    }

    [Fact]
    public async Task The_confirmation_dialog_answers_true_only_on_its_confirm_button()
    {
        await using var ctx = ComponentContexts.Workspace();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();

        var asked = provider.InvokeAsync(() => ConfirmDialog.AskAsync(dialogs, "В архив?", "Кампания исчезнет из списков.", "В архив"));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid='confirm-ok']")));
        Assert.Contains("Кампания исчезнет из списков.", provider.Markup, StringComparison.Ordinal);
        Assert.Equal("Отмена", provider.Find("[data-testid='confirm-cancel']").TextContent.Trim());
        await provider.Find("[data-testid='confirm-ok']").ClickAsync(new());
        Assert.True(await asked);

        var cancelled = provider.InvokeAsync(() => ConfirmDialog.AskAsync(dialogs, "Деактивировать?", "…", "Деактивировать"));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid='confirm-cancel']")));
        await provider.Find("[data-testid='confirm-cancel']").ClickAsync(new());
        Assert.False(await cancelled);
    }
}
