using System.Globalization;
using Baqylau.Accounts;
using Baqylau.Common;
using Baqylau.Review;
using Baqylau.Statements;
using Baqylau.Tests.Statements;
using Baqylau.Web.Review.Workspace;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace Baqylau.Tests.Review;

/// <summary>The thread component with MudBlazor, the real resources and the real service over PostgreSQL.</summary>
public sealed class EditorialThreadComponentTests : BunitContext, IClassFixture<StatementFixture>
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;
    private readonly StatementFixture _fixture;

    public EditorialThreadComponentTests(StatementFixture fixture)
    {
        _fixture = fixture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-KZ");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton(new EditorialThreadService(fixture.Contexts(), TimeProvider.System, NullLogger<EditorialThreadService>.Instance));
    }

    protected override void Dispose(bool disposing)
    {
        CultureInfo.CurrentUICulture = _previous;
        base.Dispose(disposing);
    }

    private async Task<(StaffUser Author, StatementEditModel Statement)> StatementAsync()
    {
        var author = new StaffUser(Guid.NewGuid(), _fixture.OrgA, [Roles.Author]);
        var service = new StatementService(_fixture.Contexts(), TimeProvider.System, new RecordingEvents(), NullLogger<StatementService>.Instance);
        var created = await service.CreateAsync(author, new StatementContent
        {
            Translations = [new TranslationContent("ru", "Обсуждение " + ShortId.New(6), "Лид", "Текст", null, null)],
        });
        return (author, created.Statement);
    }

    [Fact]
    public async Task A_comment_typed_and_sent_appears_in_the_thread_and_the_box_empties()
    {
        var (author, statement) = await StatementAsync();
        var cut = Render<EditorialThread>(p => p.Add(x => x.User, author).Add(x => x.Subject, ThreadSubject.Statement(statement.Id)).Add(x => x.Revision, statement.Status));

        cut.WaitForElement("[data-testid='thread-send']");
        Assert.Equal("Комментариев пока нет.", cut.Find("[data-testid='thread-empty']").TextContent);
        Assert.True(cut.Find("[data-testid='thread-send']").HasAttribute("disabled"), "nothing typed, nothing to send");

        cut.Find("textarea[data-testid='thread-input']").Input("Проверьте\nвторой абзац");
        cut.Find("[data-testid='thread-send']").Click();

        cut.WaitForAssertion(() =>
        {
            var comment = Assert.Single(cut.FindAll("[data-testid='thread-comment']"));
            Assert.Contains("Проверьте\nвторой абзац", comment.QuerySelector(".thread-body")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("к версии №1", comment.TextContent, StringComparison.Ordinal);
        });
        Assert.Equal(string.Empty, cut.Find("textarea[data-testid='thread-input']").GetAttribute("value") ?? string.Empty);
    }

    [Fact]
    public async Task A_refused_comment_shows_the_reason_in_the_page_language_and_keeps_the_text()
    {
        var (author, statement) = await StatementAsync();
        var cut = Render<EditorialThread>(p => p.Add(x => x.User, author).Add(x => x.Subject, ThreadSubject.Statement(statement.Id)).Add(x => x.Revision, statement.Status));
        cut.WaitForElement("textarea[data-testid='thread-input']");

        cut.Find("textarea[data-testid='thread-input']").Input("текст\u0001");
        cut.Find("[data-testid='thread-send']").Click();

        cut.WaitForAssertion(() => Assert.Contains("недопустимые символы", cut.Find("[data-testid='thread-box']").TextContent, StringComparison.Ordinal));
        Assert.Equal("текст\u0001", cut.Find("textarea[data-testid='thread-input']").GetAttribute("value"));
        Assert.Empty(cut.FindAll("[data-testid='thread-comment']"));
    }

    [Fact]
    public async Task Another_organisations_editor_sees_no_thread_and_no_box()
    {
        var (_, statement) = await StatementAsync();
        var other = new StaffUser(Guid.NewGuid(), _fixture.OrgB, [Roles.Editor]);
        var cut = Render<EditorialThread>(p => p.Add(x => x.User, other).Add(x => x.Subject, ThreadSubject.Statement(statement.Id)));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-alert")));
        Assert.Empty(cut.FindAll("[data-testid='thread-box']"));
        Assert.Empty(cut.FindAll("[data-testid='thread-comment']"));
    }
}
