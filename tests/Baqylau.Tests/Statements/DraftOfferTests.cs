using System.Globalization;
using Baqylau.Web.Components.Shared;
using Baqylau.Web.Statements.Workspace;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Baqylau.Tests.Statements;

/// <summary>The restore banner appears only when restoring the browser's copy would change what the server has.</summary>
public sealed class DraftOfferTests : BunitContext
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    public DraftOfferTests()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-KZ");
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
    }

    protected override void Dispose(bool disposing)
    {
        CultureInfo.CurrentUICulture = _previous;
        base.Dispose(disposing);
    }

    private static StatementForm Server()
    {
        var form = new StatementForm();
        form.Set("ru", "Title", "Заявление");
        form.Set("ru", "Body", "Текст заявления.");
        return form;
    }

    /// <summary>A keeper whose browser holds <paramref name="local"/> as statement-autosave.js keeps it.</summary>
    private DraftKeeper<StatementForm> KeeperWith(StatementForm local, uint baseVersion)
    {
        var module = JSInterop.SetupModule("./js/statement-autosave.js");
        module.SetupVoid("attach", _ => true).SetVoidResult();
        module.SetupVoid("saveForm", _ => true).SetVoidResult();
        module.Setup<string?>("load", _ => true).SetResult($$"""{"savedAt":1787000000000,"baseVersion":{{baseVersion}},"form":{{local.ToJson()}}}""");
        return new DraftKeeper<StatementForm>(JSInterop.JSRuntime, f => f(), () => (Server(), 5u));
    }

    [Fact]
    public async Task A_copy_equal_to_the_server_s_text_or_differing_only_in_trailing_spaces_is_not_offered()
    {
        var same = Server();
        same.Set("ru", "Body", "Текст заявления.  \n");
        var keeper = KeeperWith(same, 5);

        Assert.False(await keeper.AttachAsync(default(ElementReference), "k", Server(), 5, DateTimeOffset.UnixEpoch));
        Assert.Null(keeper.Offer);
        var cut = Render<DraftOffer<StatementForm>>(p => p.Add(x => x.Keeper, keeper).Add(x => x.Text, "{0}").Add(x => x.RestoreText, "r").Add(x => x.DiscardText, "d"));
        Assert.Empty(cut.FindAll("[data-testid='local-offer']"));
    }

    [Fact]
    public async Task A_copy_with_different_text_is_offered_and_restoring_gives_exactly_that_text()
    {
        var typed = Server();
        typed.Set("ru", "Body", "Текст заявления, дополненный без связи.");
        var keeper = KeeperWith(typed, 5);

        Assert.True(await keeper.AttachAsync(default(ElementReference), "k", Server(), 5, DateTimeOffset.UnixEpoch));
        var cut = Render<DraftOffer<StatementForm>>(p => p.Add(x => x.Keeper, keeper).Add(x => x.Text, "{0}").Add(x => x.RestoreText, "r").Add(x => x.DiscardText, "d"));
        Assert.Single(cut.FindAll("[data-testid='local-offer']"));
        var restored = await keeper.RestoreAsync(Server());
        Assert.Equal("Текст заявления, дополненный без связи.", restored!.Get("ru", "Body"));
    }
}
