using Baqylau.Common;
using Baqylau.DataGen;
using Baqylau.Incidents;
using Baqylau.Organisations;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Tests.Benchmarks;

/// <summary>The benchmark data generator, run small: the spread the benchmarks rely on is really there.</summary>
public sealed class BenchmarkDataTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Generates_bilingual_incidents_and_statements_over_every_region_ten_categories_and_ten_years()
    {
        await using (var setup = fixture.CreateContext())
        {
            setup.Organisations.Add(new Organisation { Slug = "bench-org", Name = new LocalizedText("Ұйым", "Организация") });
            await setup.SaveChangesAsync();
        }

        const string gin = "SELECT indexdef AS \"Value\" FROM pg_indexes WHERE indexdef LIKE '%USING gin%' ORDER BY 1";
        List<string> indexesBefore;
        await using (var db = fixture.CreateContext())
        {
            indexesBefore = await db.Database.SqlQueryRaw<string>(gin).ToListAsync();
            var (incidents, statements) = await new BenchmarkData(db).GenerateAsync(600, 60, batchSize: 250);
            Assert.Equal((600, 60), (incidents, statements));
        }

        await using var check = fixture.CreateContext();
        // The search indexes it drops for the load are all back.
        Assert.NotEmpty(indexesBefore);
        Assert.Equal(indexesBefore, await check.Database.SqlQueryRaw<string>(gin).ToListAsync());
        Assert.Equal(600, await check.Incidents.CountAsync());
        Assert.Equal(60, await check.Statements.CountAsync(s => s.Status == StatementStatus.Published));
        Assert.Equal(20, await check.Incidents.Select(i => i.RegionId).Distinct().CountAsync());
        Assert.Equal(BenchmarkData.CategoryCount, await check.Incidents.Select(i => i.CategoryId).Distinct().CountAsync());
        var years = await check.Incidents.Where(i => i.OccurredSortKey != null).Select(i => i.OccurredSortKey!.Value.Year).Distinct().CountAsync();
        Assert.Equal(BenchmarkData.Years, years);
        Assert.Equal(1200, await check.IncidentTranslations.CountAsync());
        Assert.True(await check.Incidents.AnyAsync(i => i.Visibility == IncidentVisibility.Public));

        // Realistic lengths: a few hundred characters of description, a few thousand of statement body.
        var description = await check.IncidentTranslations.AverageAsync(t => t.Description.Length);
        var body = await check.StatementTranslations.AverageAsync(t => t.Body.Length);
        Assert.InRange(description, 300, 3000);
        Assert.InRange(body, 1500, 8000);

        // Slugs stay unique per language, as the public routes need.
        var slugs = await check.StatementTranslations.GroupBy(t => new { t.Culture, t.Slug }).CountAsync(g => g.Count() > 1);
        Assert.Equal(0, slugs);
    }
}
