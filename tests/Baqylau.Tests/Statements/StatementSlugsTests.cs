using Baqylau.Common;
using Baqylau.Organisations;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Tests.Statements;

public class StatementSlugsTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private async Task<Guid> NewPublishedStatementAsync(string kkSlug, string ruSlug)
    {
        await using var db = fixture.CreateContext();
        var org = TestOrganisations.New("org");
        var statement = new Statement
        {
            Organisation = org,
            Status = StatementStatus.Published,
            PublishedAt = DateTimeOffset.UtcNow,
            Translations =
            [
                new StatementTranslation { Culture = "kk", Slug = kkSlug, Title = "Тақырып" },
                new StatementTranslation { Culture = "ru", Slug = ruSlug, Title = "Заголовок" },
            ],
        };
        db.Statements.Add(statement);
        await db.SaveChangesAsync();
        return statement.Id;
    }

    private async Task RenameAsync(Guid id, string culture, string newSlug)
    {
        await using var db = fixture.CreateContext();
        var t = await db.StatementTranslations.SingleAsync(x => x.StatementId == id && x.Culture == culture);
        await new StatementSlugs(db, TimeProvider.System).RecordChangeAsync(id, culture, t.Slug, newSlug);
        t.Slug = newSlug;
        await db.SaveChangesAsync();
    }

    private async Task<StatementSlugResolution> ResolveAsync(string lang, string slug)
    {
        return await new StatementQueries(fixture.Reads()).ResolveAsync(lang, slug);
    }

    [Fact]
    public async Task Old_slugs_resolve_to_the_current_one_and_the_history_is_unique_per_language()
    {
        var suffix = ShortId.New(6);
        var id = await NewPublishedStatementAsync($"kk-a-{suffix}", $"ru-a-{suffix}");

        await RenameAsync(id, "ru", $"ru-b-{suffix}");
        await RenameAsync(id, "ru", $"ru-c-{suffix}");
        Assert.Equal(new StatementSlugResolution(SlugMatch.Redirect, id, $"ru-c-{suffix}"), await ResolveAsync("ru", $"ru-a-{suffix}"));
        Assert.Equal(new StatementSlugResolution(SlugMatch.Redirect, id, $"ru-c-{suffix}"), await ResolveAsync("ru", $"ru-b-{suffix}"));
        Assert.Equal(new StatementSlugResolution(SlugMatch.Current, id), await ResolveAsync("ru", $"ru-c-{suffix}"));
        // An old Russian slug asked for under /kk leads to the Kazakh text.
        Assert.Equal(new StatementSlugResolution(SlugMatch.Redirect, id, $"kk-a-{suffix}"), await ResolveAsync("kk", $"ru-a-{suffix}"));

        // Back to an earlier slug: it is live again, so it leaves the history; the one left behind joins it.
        await RenameAsync(id, "ru", $"ru-a-{suffix}");
        await using var db = fixture.CreateContext();
        var history = await db.StatementSlugHistory.AsNoTracking().Where(h => h.StatementId == id).OrderBy(h => h.Slug).Select(h => h.Slug).ToListAsync();
        Assert.Equal([$"ru-b-{suffix}", $"ru-c-{suffix}"], history);
        Assert.Equal(new StatementSlugResolution(SlugMatch.Current, id), await ResolveAsync("ru", $"ru-a-{suffix}"));
    }

    [Fact]
    public async Task Recording_the_same_change_twice_or_no_change_is_harmless()
    {
        var suffix = ShortId.New(6);
        var id = await NewPublishedStatementAsync($"kk-x-{suffix}", $"ru-x-{suffix}");
        await using (var db = fixture.CreateContext())
        {
            var slugs = new StatementSlugs(db, TimeProvider.System);
            await slugs.RecordChangeAsync(id, "kk", $"kk-x-{suffix}", $"kk-x-{suffix}");
            await slugs.RecordChangeAsync(id, "kk", $"kk-x-{suffix}", $"kk-y-{suffix}");
            await db.SaveChangesAsync();
            await slugs.RecordChangeAsync(id, "kk", $"kk-x-{suffix}", $"kk-y-{suffix}");
            await db.SaveChangesAsync();
            Assert.Equal(1, await db.StatementSlugHistory.CountAsync(h => h.StatementId == id));
        }

        // A later statement that leaves the same old URL takes its redirect over (one owner per URL).
        var other = await NewPublishedStatementAsync($"kk-o-{suffix}", $"ru-o-{suffix}");
        await using (var db = fixture.CreateContext())
        {
            await new StatementSlugs(db, TimeProvider.System).RecordChangeAsync(other, "kk", $"kk-x-{suffix}", $"kk-o-{suffix}");
            await db.SaveChangesAsync();
            Assert.Equal(other, (await db.StatementSlugHistory.SingleAsync(h => h.Culture == "kk" && h.Slug == $"kk-x-{suffix}")).StatementId);
        }
    }

    [Fact]
    public async Task Unpublished_statements_resolve_to_nothing_even_through_history()
    {
        var suffix = ShortId.New(6);
        var id = await NewPublishedStatementAsync($"kk-d-{suffix}", $"ru-d-{suffix}");
        await RenameAsync(id, "kk", $"kk-e-{suffix}");
        await using (var db = fixture.CreateContext())
        {
            var s = await db.Statements.SingleAsync(x => x.Id == id);
            s.Status = StatementStatus.Draft;
            await db.SaveChangesAsync();
        }

        Assert.Equal(SlugMatch.NotFound, (await ResolveAsync("kk", $"kk-e-{suffix}")).Match);
        Assert.Equal(SlugMatch.NotFound, (await ResolveAsync("kk", $"kk-d-{suffix}")).Match);
        Assert.Equal(SlugMatch.NotFound, (await ResolveAsync("ru", $"ru-d-{suffix}")).Match);
    }
}
