using Baqylau.Common;
using Baqylau.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Tests.Incidents;

/// <summary>
/// The timeline's totals, charts and filter choices are kept between requests (IncidentAggregateCache). They must
/// never outlive a committed change, whoever made it: no service here announces anything, only the database's
/// public data version moves.
/// </summary>
public class AggregateCacheTests(IncidentServiceFixture fixture) : IClassFixture<IncidentServiceFixture>
{
    private readonly IncidentAggregateCache cache = new();

    [Fact]
    public async Task Totals_charts_and_choices_follow_every_committed_change_at_once()
    {
        var word = "кэштексерісі" + ShortId.New(6).ToLowerInvariant();
        var filter = new IncidentFilter { Organisation = "org-a" };
        var searched = filter with { Query = word };

        var before = await ReadAsync(filter, searched);
        Assert.Equal(0, before.Searched);

        // A new public incident in 2011, written through a plain context: no cache eviction is announced.
        var incident = new Incident
        {
            OrganisationId = fixture.OrgA,
            CategoryId = fixture.Category,
            RecordedAt = DateTimeOffset.UtcNow,
            Visibility = IncidentVisibility.Public,
        };
        incident.SetOccurred(FuzzyDate.ForYear(2011));
        incident.Translations.Add(new IncidentTranslation { Culture = "ru", Title = "Проверка " + word, Description = "Описание" });
        await using (var db = fixture.CreateContext())
        {
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
        }

        var added = await ReadAsync(filter, searched);
        Assert.Equal(before.Total + 1, added.Total);
        Assert.Equal(before.Charts + 1, added.Charts);
        Assert.Equal(1, added.Searched);
        Assert.Equal(2011, added.FirstYear);

        // Renaming the category shows in the filter choices at once.
        var newName = "Жаңа атау " + ShortId.New(4);
        await using (var db = fixture.CreateContext())
        {
            await db.IncidentCategories.Where(c => c.Id == fixture.Category)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Name, new LocalizedText(newName, "Новое имя")));
        }

        var renamed = await ReadAsync(filter, searched);
        Assert.Contains(renamed.Categories, label => label == newName);

        // Made internal again: it leaves the totals, the charts and the search.
        await using (var db = fixture.CreateContext())
        {
            await db.Incidents.Where(i => i.Id == incident.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.Visibility, IncidentVisibility.Internal));
        }

        var hidden = await ReadAsync(filter, searched);
        Assert.Equal(before.Total, hidden.Total);
        Assert.Equal(before.Charts, hidden.Charts);
        Assert.Equal(0, hidden.Searched);
    }

    [Fact]
    public async Task One_version_loads_once_a_new_version_reloads_and_an_older_reader_does_not_store()
    {
        var loads = 0;
        Task<string> Load() => Task.FromResult($"load {++loads}");

        Assert.Equal("load 1", await cache.GetOrLoadAsync(7, "k", Load));
        Assert.Equal("load 1", await cache.GetOrLoadAsync(7, "k", Load));
        Assert.Equal("load 2", await cache.GetOrLoadAsync(8, "k", Load));
        // A request that read the version before the change must not put its older numbers into the newer version.
        Assert.Equal("load 3", await cache.GetOrLoadAsync(7, "k", Load));
        Assert.Equal("load 2", await cache.GetOrLoadAsync(8, "k", Load));
        Assert.Equal(3, loads);
    }

    [Fact]
    public async Task Readers_arriving_together_share_one_load_and_a_failed_load_is_not_kept()
    {
        var loads = 0;
        var gate = new TaskCompletionSource();
        async Task<string> Slow()
        {
            Interlocked.Increment(ref loads);
            await gate.Task;
            return "sum";
        }

        var readers = Enumerable.Range(0, 8).Select(_ => cache.GetOrLoadAsync(1, "herd", Slow)).ToList();
        gate.SetResult();
        Assert.All(await Task.WhenAll(readers), r => Assert.Equal("sum", r));
        Assert.Equal(1, loads);

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrLoadAsync<string>(1, "broken", () => throw new InvalidOperationException()));
        Assert.Equal("recovered", await cache.GetOrLoadAsync(1, "broken", () => Task.FromResult("recovered")));
    }

    private async Task<Reading> ReadAsync(IncidentFilter filter, IncidentFilter searched)
    {
        // A new context and queries object per read, as a new request would have; the cache is shared.
        var queries = new IncidentQueries(fixture.Reads(), cache);
        var page = await queries.TimelineAsync(filter, null, 10);
        var charts = await queries.ChartsAsync(filter, "kk");
        var options = await queries.OptionsAsync("kk");
        var search = await queries.TimelineAsync(searched, null, 10);
        return new Reading(page.Total, charts.Total, search.Total, options.FirstYear, options.Categories.Select(c => c.Label).ToList());
    }

    private sealed record Reading(int Total, int Charts, int Searched, int? FirstYear, IReadOnlyList<string> Categories);
}
