using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Localization;
using Baqylau.Organisations;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Baqylau.Tests.Data;

/// <summary>The generated search columns behave as the bilingual notes promise, on a real PostgreSQL.</summary>
public class SearchColumnTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private Guid _ru;
    private Guid _kk;

    public async Task InitializeAsync()
    {
        var org = TestOrganisations.New("s");
        var cat = new IncidentCategory { Slug = "s-cat-" + ShortId.New(6), Name = new LocalizedText("Санат", "Категория") };
        var ru = new Incident { OrganisationId = org.Id, CategoryId = cat.Id, RecordedAt = DateTimeOffset.UtcNow };
        ru.Translations.Add(new IncidentTranslation { Culture = "ru", Title = "Наблюдателей удалили с избирательного участка", Description = "Без оснований." });
        var kk = new Incident { OrganisationId = org.Id, CategoryId = cat.Id, RecordedAt = DateTimeOffset.UtcNow };
        kk.Translations.Add(new IncidentTranslation { Culture = "kk", Title = "Байқаушыларды учаскеден шығарды", Description = "Қазақстандағы сайлау кезінде." });
        await using var db = fixture.CreateContext();
        db.AddRange(org, cat, ru, kk);
        await db.SaveChangesAsync();
        (_ru, _kk) = (ru.Id, kk.Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<Guid>> MatchAsync(string config, string query, bool prefix)
    {
        await using var db = fixture.CreateContext();
        var q = db.IncidentTranslations.AsNoTracking();
        q = prefix
            ? q.Where(t => EF.Property<NpgsqlTsVector>(t, SearchColumns.Vector).Matches(EF.Functions.ToTsQuery(config, query)))
            : q.Where(t => EF.Property<NpgsqlTsVector>(t, SearchColumns.Vector).Matches(EF.Functions.PlainToTsQuery(config, query)));
        return await q.Select(t => t.IncidentId).ToListAsync();
    }

    [Fact]
    public async Task Russian_word_forms_match()
    {
        Assert.Contains(_ru, await MatchAsync("russian", "наблюдатель", prefix: false));
        Assert.Contains(_ru, await MatchAsync("russian", "избирательные участки", prefix: false));
    }

    [Fact]
    public async Task Kazakh_forms_match_by_prefix()
    {
        Assert.Contains(_kk, await MatchAsync("simple", "байқаушы:*", prefix: true));
        Assert.DoesNotContain(_ru, await MatchAsync("simple", "байқаушы:*", prefix: true));
    }

    [Fact]
    public async Task Kazakh_typed_on_a_russian_keyboard_matches_the_folded_column()
    {
        var typed = KazakhFold.Fold("казакстан");
        await using var db = fixture.CreateContext();
        var hits = await db.IncidentTranslations.AsNoTracking()
            .Where(t => EF.Functions.ILike(EF.Property<string>(t, SearchColumns.Folded), $"%{typed}%"))
            .Select(t => t.IncidentId).ToListAsync();
        Assert.Equal([_kk], hits);
    }
}
