using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Organisations;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Baqylau.Tests.Data;

public class SchemaTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Migrations_leave_nothing_pending_and_the_model_matches_them()
    {
        await using var db = fixture.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration captures: add a migration");
    }

    [Fact]
    public async Task The_twenty_regions_of_Kazakhstan_are_seeded_in_both_languages()
    {
        await using var db = fixture.CreateContext();
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.SortOrder).ToListAsync();
        Assert.Equal(20, regions.Count);
        Assert.Equal(17, regions.Count(r => r.Kind == Baqylau.Regions.RegionKind.Oblast));
        Assert.Contains(regions, r => r.Name.Kk == "Ұлытау облысы" && r.Name.Ru == "Область Улытау");
        Assert.Contains(regions, r => r.Name.Kk == "Абай облысы");
        Assert.Contains(regions, r => r.Name.Ru == "Область Жетысу");
        Assert.All(regions, r => Assert.False(r.Name.IsEmpty));
    }

    [Fact]
    public async Task The_database_uses_a_utf8_ctype_so_cyrillic_folds_case()
    {
        await using var conn = new NpgsqlConnection(fixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT lower('ҚАЗАҚСТАН'), current_setting('lc_ctype')", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("қазақстан", reader.GetString(0));
        Assert.Contains("UTF", reader.GetString(1), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Bilingual_values_and_fuzzy_dates_round_trip()
    {
        var org = TestOrganisations.New("rt", "Сынақ қоры", "Тестовый фонд");
        var category = new IncidentCategory { Slug = "rt-cat-" + ShortId.New(6), Name = new LocalizedText("Санат", "Категория") };
        var incident = new Incident { OrganisationId = org.Id, CategoryId = category.Id, RecordedAt = DateTimeOffset.UtcNow };
        incident.SetOccurred(FuzzyDate.ForYearRange(2019, 2022));
        incident.Translations.Add(new IncidentTranslation { Culture = "kk", Title = "Дербес деректер сылтауы" });
        await using (var db = fixture.CreateContext())
        {
            db.AddRange(org, category, incident);
            await db.SaveChangesAsync();
        }

        await using (var db = fixture.CreateContext())
        {
            var loaded = await db.Incidents.AsNoTracking().Include(i => i.Organisation).SingleAsync(i => i.Id == incident.Id);
            Assert.Equal(FuzzyDate.ForYearRange(2019, 2022), loaded.Occurred);
            Assert.Equal(new DateTime(2019, 1, 1), loaded.OccurredSortKey);
            Assert.Equal("Тестовый фонд", loaded.Organisation!.Name.In("ru"));
            Assert.Equal(incident.PublicId, loaded.PublicId);
            Assert.NotEqual(incident.Id.ToString(), loaded.PublicId);
        }
    }
}
