using System.Globalization;
using Baqylau.Incidents;
using Baqylau.Statements;
using Baqylau.Web.Components.Shared;
using Baqylau.Web.Incidents.Workspace;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Baqylau.Tests.Incidents;

/// <summary>The incident editor's browser draft and conflict view, with the real resources and MudBlazor.</summary>
public sealed class IncidentEditorComponentTests : BunitContext
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    public IncidentEditorComponentTests()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-KZ");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
    }

    protected override void Dispose(bool disposing)
    {
        CultureInfo.CurrentUICulture = _previous;
        base.Dispose(disposing);
    }

    private static IncidentForm Form(string title, Guid category, params NamedRef[] statements)
    {
        var content = new IncidentContent
        {
            Translations = [new IncidentTextContent("kk", title, "Сипаттама"), new IncidentTextContent("ru", "Удаление наблюдателя", "Описание")],
            Occurred = FuzzyDate.ForYearRange(2019, 2022),
            CategoryId = category,
            Sources = [new SourceContent(SourceKind.Link, "https://example.org/a", "Есеп", new DateOnly(2026, 8, 24), null)],
            StatementIds = [.. statements.Select(s => s.Id)],
        };
        return IncidentForm.From(content, statements);
    }

    [Fact]
    public void The_browser_record_round_trips_and_the_script_patched_texts_are_read()
    {
        var statement = new NamedRef(Guid.NewGuid(), "Мәлімдеме");
        var form = Form("Байқаушы шығарылды", Guid.NewGuid(), statement);
        var copy = EditorForms.FromJson<IncidentForm>(form.ToJson())!;
        Assert.True(copy.SameAs(form));
        Assert.Equal(form.ToContent(), copy.ToContent() with { }, new ContentComparer());

        // What statement-autosave.js writes: { savedAt, baseVersion, form } with texts patched by key.
        var patched = copy.Clone();
        patched.Set("kk", "Title", "Байқаушы учаскеден шығарылды");
        var record = $$"""{"savedAt":1787000000000,"baseVersion":42,"form":{{patched.ToJson()}}}""";
        var local = EditorForms.ParseLocalCopy<IncidentForm>(record)!;
        Assert.Equal(42u, local.BaseVersion);
        Assert.Equal("Байқаушы учаскеден шығарылды", local.Form.Get("kk", "Title"));
        Assert.False(local.Form.SameAs(form));
        Assert.Null(EditorForms.ParseLocalCopy<IncidentForm>("{not json"));
    }

    [Fact]
    public void The_conflict_view_shows_theirs_and_mine_side_by_side_per_field()
    {
        var category = Guid.NewGuid();
        var theirs = Form("Байқаушы шығарылды", category);
        var mine = theirs.Clone();
        mine.Set("kk", "Title", "Байқаушы негізсіз шығарылды");
        mine.Sources.Add(new SourceForm { Kind = SourceKind.NetworkMeasurement, Url = "https://explorer.ooni.org/m/1" });
        var options = new IncidentEditorOptions([new NamedRef(category, "Удаление наблюдателя")], [], [], [], []);
        var fields = theirs.Differences(mine, options, (f, l) => $"{f}·{l}", "Другие поля");
        Assert.Equal(["Title·kk", "Другие поля"], fields.Select(f => f.Label));
        Assert.Contains("Удаление наблюдателя", fields[1].Theirs, StringComparison.Ordinal);
        Assert.Contains("explorer.ooni.org", fields[1].Mine, StringComparison.Ordinal);
        Assert.DoesNotContain("explorer.ooni.org", fields[1].Theirs, StringComparison.Ordinal);

        var cut = Render<ConflictView>(p => p.Add(x => x.Differences, fields).Add(x => x.Explanation, "Инцидент сохранил кто-то другой."));
        Assert.Contains("Инцидент сохранил кто-то другой.", cut.Markup, StringComparison.Ordinal);
        var rows = cut.FindAll("[data-testid='conflict-field']");
        Assert.Equal(2, rows.Count);
        Assert.Equal("Байқаушы шығарылды", rows[0].QuerySelector("[data-testid='theirs']")!.TextContent);
        Assert.Equal("Байқаушы негізсіз шығарылды", rows[0].QuerySelector("[data-testid='mine']")!.TextContent);
        Assert.Contains("Версия на сервере", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Ваша версия", rows[0].TextContent, StringComparison.Ordinal);
    }

    private sealed class ContentComparer : IEqualityComparer<IncidentContent>
    {
        public bool Equals(IncidentContent? x, IncidentContent? y) =>
            x is not null && y is not null
            && x.Translations.SequenceEqual(y.Translations) && x.Occurred == y.Occurred && x.CategoryId == y.CategoryId
            && x.Sources.SequenceEqual(y.Sources) && x.StatementIds.SequenceEqual(y.StatementIds);

        public int GetHashCode(IncidentContent obj) => 0;
    }
}
