using Baqylau.Incidents;

namespace Baqylau.Tests.Incidents;

/// <summary>Full-text search over the demo text, in whichever language the reader types, on the real PostgreSQL.</summary>
[Collection(IncidentWebCollection.Name)]
public class SearchTests(BaqylauWebFactory factory)
{
    private static string Q(string text) => Uri.EscapeDataString(text);

    private static bool HasWord(string text, string prefix) =>
        text.Split([' ', ',', '.', ';', ':', '«', '»', '(', ')', '№', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Any(w => w.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Russian_word_forms_match_on_russian_rows()
    {
        var all = await factory.PublicIncidentsAsync();
        // "наблюдателей" (genitive plural) must find texts that only say "наблюдатель"/"наблюдателя".
        var singularOnly = all.Where(i => i.Translation("ru") is { } t && HasWord(t.Title + " " + t.Description, "наблюдател")
            && !(t.Title + t.Description).Contains("наблюдателей", StringComparison.OrdinalIgnoreCase)).Select(i => i.PublicId).ToList();
        Assert.NotEmpty(singularOnly);
        var ids = await factory.Client().WalkAsync($"/ru/incidents?q={Q("наблюдателей")}", "ru");
        Assert.Superset(singularOnly.ToHashSet(), ids.ToHashSet());
    }

    [Fact]
    public async Task Kazakh_plural_finds_the_singular_by_prefix_on_kazakh_rows()
    {
        var all = await factory.PublicIncidentsAsync();
        var singularOnly = all.Where(i => i.Translation("kk") is { } t && HasWord(t.Title + " " + t.Description, "байқаушы")
            && !(t.Title + t.Description).Contains("байқаушылар", StringComparison.OrdinalIgnoreCase)).Select(i => i.PublicId).ToList();
        Assert.NotEmpty(singularOnly);
        var ids = await factory.Client().WalkAsync($"/kk/incidents?q={Q("байқаушылар")}", "kk");
        Assert.Superset(singularOnly.ToHashSet(), ids.ToHashSet());
        // Every hit really mentions an observer in one of its languages.
        var byId = all.ToDictionary(i => i.PublicId);
        Assert.All(ids, id => Assert.True(
            HasWord(byId[id].Translation("kk")!.Title + " " + byId[id].Translation("kk")!.Description, "байқауш")
            || HasWord(byId[id].Translation("ru")!.Title + " " + byId[id].Translation("ru")!.Description, "байкауш"), id));
    }

    [Fact]
    public async Task Kazakh_typed_on_a_russian_keyboard_still_matches()
    {
        var all = await factory.PublicIncidentsAsync();
        var expected = all.Where(i => i.Translation("kk") is { } t && (t.Title + t.Description).Contains("Қазақстан", StringComparison.Ordinal))
            .Select(i => i.PublicId).Order().ToList();
        Assert.NotEmpty(expected);
        var ids = await factory.Client().WalkAsync($"/kk/incidents?q={Q("казакстан")}", "kk");
        Assert.Superset(expected.ToHashSet(), ids.ToHashSet());
    }

    [Fact]
    public async Task A_reader_finds_an_incident_whatever_language_they_type_and_sees_the_page_language_title()
    {
        var all = await factory.PublicIncidentsAsync();
        var tax = all.Single(i => i.Occurred == FuzzyDate.ForYearRange(2020, 2021));
        var kkTitle = tax.Translation("kk")!.Title;
        var ruTitle = tax.Translation("ru")!.Title;
        // Russian words on the Kazakh page: found through the Russian row, shown with the Kazakh title.
        var kk = await factory.Client().PageAsync($"/kk/incidents?q={Q("налоговые проверки")}");
        Assert.Contains(kkTitle, kk, StringComparison.Ordinal);
        Assert.DoesNotContain(ruTitle, kk, StringComparison.Ordinal);
        var ru = await factory.Client().PageAsync($"/ru/incidents?q={Q("салық тексерулері")}");
        Assert.Contains(ruTitle, ru, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'; DROP TABLE \"Incidents\"; --")]
    [InlineData(":* & | ! ( )")]
    [InlineData("%_%")]
    [InlineData("a")]
    public async Task Hostile_or_empty_searches_never_fail(string q)
    {
        var response = await factory.Client().GetAsync($"/ru/incidents?q={Q(q)}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var api = await factory.Client().GetAsync($"/api/v1/incidents?q={Q(q)}");
        Assert.Equal(System.Net.HttpStatusCode.OK, api.StatusCode);
    }
}
