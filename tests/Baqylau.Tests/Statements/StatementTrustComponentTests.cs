using System.Globalization;
using Baqylau.Publishing;
using Baqylau.Statements;
using Baqylau.Tests.Support;
using Baqylau.Web.Components.Shared;
using Baqylau.Web.Statements.Workspace;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Baqylau.Tests.Statements;

/// <summary>
/// What the editor is shown before and after publishing: the publication and correction dialogs, the preview in the
/// public page's look, and word marks in a revision diff; bUnit with MudBlazor and the real resources.
/// </summary>
public sealed class StatementTrustComponentTests : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    public StatementTrustComponentTests() => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-KZ");

    public void Dispose() => CultureInfo.CurrentUICulture = _previous;

    private static BunitContext NewContext()
    {
        var ctx = ComponentContexts.Workspace();
        ctx.Services.AddSingleton<MarkdownRenderer>();
        return ctx;
    }

    [Fact]
    public async Task The_publication_dialog_names_each_language_with_its_headline_the_missing_ones_and_the_time()
    {
        await using var ctx = NewContext();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();

        var asked = provider.InvokeAsync(() => PublishConfirmDialog.AskAsync(dialogs, "Опубликовать заявление?",
            [("ru", "Фонд не будет наблюдать за выборами")], ["kk"], "сейчас, 8 июля 2026, 10:00", "Опубликовать сейчас"));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid='publish-ok']")));
        var language = Assert.Single(provider.FindAll("[data-testid='publish-languages'] li"));
        Assert.Equal("Русский: «Фонд не будет наблюдать за выборами»", language.TextContent.Trim());
        Assert.Contains("Казахский", provider.Find("[data-testid='publish-missing']").TextContent, StringComparison.Ordinal);
        Assert.Equal("сейчас, 8 июля 2026, 10:00", provider.Find("[data-testid='publish-when']").TextContent.Trim());
        await provider.Find("[data-testid='publish-cancel']").ClickAsync(new());
        Assert.False(await asked);

        var again = provider.InvokeAsync(() => PublishConfirmDialog.AskAsync(dialogs, "?", [("kk", "Мәлімдеме"), ("ru", "Заявление")], [], "сейчас", "Опубликовать сейчас"));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid='publish-ok']")));
        Assert.Empty(provider.FindAll("[data-testid='publish-missing']"));
        await provider.Find("[data-testid='publish-ok']").ClickAsync(new());
        Assert.True(await again);
    }

    [Fact]
    public async Task The_correction_dialog_shows_the_text_as_readers_have_it_and_as_it_will_be()
    {
        await using var ctx = NewContext();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var published = new StatementForm();
        published.Set("ru", "Title", "Фонд не будет наблюдать");
        published.Set("ru", "Lead", "Выборы 23 августа.");
        var corrected = published.Clone();
        corrected.Set("ru", "Lead", "Выборы 23 августа 2026 года.");
        var changes = published.Differences(corrected, ctx.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Baqylau.Web.WorkspaceStrings>>());

        var parameters = new DialogParameters<NoteDialog> { { d => d.Title, "Исправление" }, { d => d.ConfirmText, "Исправить" }, { d => d.Changes, changes } };
        await provider.InvokeAsync(() => dialogs.ShowAsync<NoteDialog>("Исправление", parameters));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid='note-changes']")));
        var shown = provider.Find("[data-testid='note-changes']");
        Assert.Contains("Русский", shown.TextContent, StringComparison.Ordinal);
        Assert.Equal("Выборы 23 августа.", shown.QuerySelector("pre.del")!.TextContent);
        Assert.Equal("Выборы 23 августа 2026 года.", shown.QuerySelector("pre.add")!.TextContent);
        Assert.DoesNotContain("Фонд не будет наблюдать", shown.TextContent, StringComparison.Ordinal);

        var none = new DialogParameters<NoteDialog> { { d => d.Title, "Исправление" }, { d => d.Changes, Array.Empty<ConflictField>() } };
        await provider.InvokeAsync(() => dialogs.ShowAsync<NoteDialog>("Исправление", none));
        provider.WaitForAssertion(() => Assert.Contains("только примечание", provider.Find("[data-testid='note-no-changes']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_preview_renders_inside_the_public_pages_body_class_with_links_and_lists()
    {
        await using var ctx = NewContext();
        var cut = ctx.Render<MarkdownPreview>(p => p.Add(x => x.Lang, "ru").Add(x => x.Markdown, "Причины:\n\n- конкуренция;\n- [закон](https://example.org/law)."));

        var body = cut.Find("[data-testid='preview-body-ru']");
        Assert.Contains("statement__body", body.ClassList);
        Assert.Equal(2, body.QuerySelectorAll("ul > li").Length);
        Assert.Equal("https://example.org/law", body.QuerySelector("a")!.GetAttribute("href"));
        // The rules the public page uses are the ones that reach the preview (site.css, not workspace-only styles).
        var css = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "src", "Baqylau.Web", "wwwroot", "css", "site.css"));
        Assert.Contains(".statement__body ul { list-style: disc outside; }", css, StringComparison.Ordinal);
        Assert.Contains(".statement__body a { color: var(--accent); text-decoration: underline; }", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_line_in_the_diff_marks_only_the_words_that_changed()
    {
        var lines = LineDiff.Compute("Бірінші жол\nБайқаушылар учаскеге жіберілмеді.\nСоңғы жол", "Бірінші жол\nБайқаушылар учаскеге кіргізілмеді.\nСоңғы жол");
        Assert.Equal([DiffOp.Same, DiffOp.Removed, DiffOp.Added, DiffOp.Same], lines.Select(l => l.Op));
        // DiffPlex's word chunker splits at punctuation too: the full stop is kept.
        Assert.Equal([(DiffOp.Same, "Байқаушылар учаскеге "), (DiffOp.Removed, "жіберілмеді"), (DiffOp.Same, ".")], lines[1].Words!.Select(w => (w.Op, w.Text)));
        Assert.Equal([(DiffOp.Same, "Байқаушылар учаскеге "), (DiffOp.Added, "кіргізілмеді"), (DiffOp.Same, ".")], lines[2].Words!.Select(w => (w.Op, w.Text)));
        Assert.Null(lines[0].Words);

        await using var ctx = NewContext();
        var diff = new StatementDiff(1, 2, [new FieldDiff(StatementFields.Body, "kk", "", "", lines)]);
        var cut = ctx.Render<StatementDiffView>(p => p.Add(x => x.Diff, diff));
        Assert.Equal("жіберілмеді", Assert.Single(cut.FindAll("[data-testid='body-diff'] del")).TextContent);
        Assert.Equal("кіргізілмеді", Assert.Single(cut.FindAll("[data-testid='body-diff'] ins")).TextContent);
        Assert.Equal("− Байқаушылар учаскеге жіберілмеді.", cut.Find("[data-testid='body-diff'] .del").TextContent);
    }
}
