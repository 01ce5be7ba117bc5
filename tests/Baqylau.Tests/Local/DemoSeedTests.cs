using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Local.Demo;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Local;

public class DemoSeedTests(BaqylauWebFactory factory) : IClassFixture<BaqylauWebFactory>
{
    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        _ = factory.Server; // the app seeded at start
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var before = (await db.Statements.CountAsync(), await db.Incidents.CountAsync(), await db.Users.CountAsync(), await db.AuditEntries.CountAsync());

        var result = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(new DemoSeedOptions("another-password-1", null), CancellationToken.None);

        Assert.False(result.Seeded);
        Assert.Null(result.GeneratedPassword);
        var after = (await db.Statements.CountAsync(), await db.Incidents.CountAsync(), await db.Users.CountAsync(), await db.AuditEntries.CountAsync());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task The_worked_example_is_in_the_demo_with_honest_dates()
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var statement = await db.Statements.AsNoTracking().Include(s => s.Translations).SingleAsync(s => s.Id == DemoIds.Statement20260708);
        Assert.Equal(StatementStatus.Published, statement.Status);
        Assert.Equal(new DateTimeOffset(2026, 7, 8, 5, 0, 0, TimeSpan.Zero), statement.PublishedAt);
        Assert.Equal(["kk", "ru"], statement.Translations.Select(t => t.Culture).Order());

        var stance = await db.Stances.AsNoTracking().SingleAsync(s => s.OrganisationId == DemoIds.ErkindikQanaty && s.CampaignId == DemoIds.Kurultai2026);
        Assert.Equal(Baqylau.Organisations.StanceKind.Declined, stance.Stance);
        Assert.Equal(DemoIds.Statement20260708, stance.StatementId);

        var dates = await db.Incidents.AsNoTracking().Where(i => i.Statements.Any(s => s.Id == DemoIds.Statement20260708))
            .Select(i => i.Occurred).ToListAsync();
        var labels = dates.Select(d => d.Display("ru")).Order().ToList();
        Assert.Equal(["2019–2022", "2020–2021", "2023 г.", "2024 г.", "2026 г.", "дата неизвестна"], labels);

        Assert.True(await db.Statements.CountAsync() >= 25);
        Assert.True(await db.Incidents.CountAsync(i => i.Visibility == IncidentVisibility.Public) >= 40);
    }
}
