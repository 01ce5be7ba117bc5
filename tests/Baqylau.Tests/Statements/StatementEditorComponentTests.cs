using System.Globalization;
using Baqylau.Publishing;
using Baqylau.Statements;
using Baqylau.Web.Components.Shared;
using Baqylau.Web.Statements.Workspace;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Baqylau.Tests.Statements;

/// <summary>Editor pieces rendered with bUnit, MudBlazor and the real resources and Markdown renderer.</summary>
public sealed class StatementEditorComponentTests : BunitContext
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    public StatementEditorComponentTests()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("kk-KZ");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton<MarkdownRenderer>();
    }

    protected override void Dispose(bool disposing)
    {
        CultureInfo.CurrentUICulture = _previous;
        base.Dispose(disposing);
    }

    [Fact]
    public void The_live_preview_shows_the_sanitised_html_the_public_page_shows()
    {
        var form = new StatementForm();
        form.Set("kk", "Title", "Тақырып");
        form.Set("kk", "Body", "## Тақырыпша\n\n<script>alert('x')</script>\n\n[сілтеме](javascript:alert(1)) және **қалың** мәтін\n\n<img src=x onerror=alert(2)>");

        var cut = Render<TranslationEditor>(p => p.Add(x => x.Lang, "kk").Add(x => x.Form, form));

        var preview = cut.Find("[data-testid='preview-kk']");
        Assert.NotNull(preview.QuerySelector("h2"));
        Assert.Equal("қалың", preview.QuerySelector("strong")?.TextContent);
        Assert.Null(preview.QuerySelector("script"));
        Assert.Null(preview.QuerySelector("img"));
        Assert.DoesNotContain("javascript:", preview.InnerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(preview.QuerySelectorAll("[onerror]"));
        Assert.Contains("&lt;script&gt;", preview.InnerHtml, StringComparison.Ordinal);
        // Raw HTML is shown as text, not run: the same as the renderer's own output for the public page.
        Assert.Equal(new MarkdownRenderer().ToSafeHtml(form.Get("kk", "Body")).Trim(), preview.QuerySelector(".statement__body")!.InnerHtml.Trim());
    }

    [Fact]
    public void Typing_in_the_body_updates_the_preview()
    {
        var form = new StatementForm();
        var cut = Render<TranslationEditor>(p => p.Add(x => x.Lang, "ru").Add(x => x.Form, form));
        Assert.Contains("Мәтін әлі жазылмаған", cut.Find("[data-testid='preview-ru']").TextContent, StringComparison.Ordinal);

        cut.Find("[data-field='ru.Body'] textarea").Input("> Цитата **наблюдателя**");

        cut.WaitForAssertion(() =>
        {
            var preview = cut.Find("[data-testid='preview-ru']");
            Assert.NotNull(preview.QuerySelector("blockquote strong"));
        });
        Assert.Equal("> Цитата **наблюдателя**", form.Get("ru", "Body"));
    }

    [Fact]
    public void The_conflict_view_shows_theirs_and_mine_for_each_field_that_differs()
    {
        var theirs = new StatementForm();
        theirs.Set("kk", "Title", "Бобтың тақырыбы");
        theirs.Set("ru", "Title", "Общий заголовок");
        theirs.Set("ru", "Body", "Текст Боба");
        var mine = theirs.Clone();
        mine.Set("kk", "Title", "Алисаның тақырыбы");
        mine.Set("ru", "Body", "Текст Алисы\nвторая строка");

        var W = Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Baqylau.Web.WorkspaceStrings>>();
        var cut = Render<ConflictView>(p => p.Add(x => x.Differences, theirs.Differences(mine, W)));

        var fields = cut.FindAll("[data-testid='conflict-field']");
        Assert.Equal(2, fields.Count);
        Assert.Contains("Тақырып · Қазақша", fields[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("Бобтың тақырыбы", fields[0].QuerySelector("[data-testid='theirs']")!.TextContent);
        Assert.Equal("Алисаның тақырыбы", fields[0].QuerySelector("[data-testid='mine']")!.TextContent);
        Assert.Equal("Текст Боба", fields[1].QuerySelector("[data-testid='theirs']")!.TextContent);
        Assert.Equal("Текст Алисы\nвторая строка", fields[1].QuerySelector("[data-testid='mine']")!.TextContent);
        Assert.DoesNotContain("Общий заголовок", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_diff_view_marks_removed_and_added_lines()
    {
        var diff = new StatementDiff(1, 2,
        [
            new FieldDiff(StatementFields.Status, null, "Draft", "InReview"),
            new FieldDiff(StatementFields.Body, "kk", "a\nb", "a\nc", LineDiff.Compute("a\nb", "a\nc")),
        ]);

        var cut = Render<StatementDiffView>(p => p.Add(x => x.Diff, diff));

        Assert.Contains("Жоба", cut.Find(".del").TextContent, StringComparison.Ordinal);
        Assert.Contains("Тексеруде", cut.Find(".add").TextContent, StringComparison.Ordinal);
        var body = cut.Find("[data-testid='body-diff']");
        Assert.Equal("− b", body.QuerySelector(".del")!.TextContent);
        Assert.Equal("+ c", body.QuerySelector(".add")!.TextContent);
    }
}
