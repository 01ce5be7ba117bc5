using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Organisations;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baqylau.Tests.Incidents;

public class TaxonomyServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly RecordingEvents _events = new();
    private readonly List<BaqylauDbContext> _contexts = [];
    private readonly FixedActor _actor = new(Guid.CreateVersion7(), "admin@example.org");

    private StaffUser Admin => new(_actor.UserId!.Value, null, [Roles.Admin]);

    private static StaffUser Editor => new(Guid.NewGuid(), Guid.NewGuid(), [Roles.Editor]);

    public void Dispose()
    {
        foreach (var db in _contexts)
            db.Dispose();
        GC.SuppressFinalize(this);
    }

    private BaqylauDbContext Db()
    {
        var db = fixture.CreateContext(_actor);
        _contexts.Add(db);
        return db;
    }

    private TaxonomyService Service() => new(fixture.Contexts(_actor), _events, NullLogger<TaxonomyService>.Instance);

    private static string Unique(string text) => $"{text} {ShortId.New(5)}";

    [Fact]
    public async Task Only_admins_edit_taxonomies()
    {
        var service = Service();
        await Assert.ThrowsAsync<ForbiddenException>(() => service.ListAsync(Editor, TaxonomyKind.Category));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.AddAsync(Editor, TaxonomyKind.Actor, "Әкім", "Аким"));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.AddAsync(new StaffUser(Guid.NewGuid(), Guid.NewGuid(), [Roles.Author]), TaxonomyKind.Category, "А", "А"));
        var id = await service.AddAsync(Admin, TaxonomyKind.Actor, Unique("Әкімдік"), Unique("Акимат"));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.RenameAsync(Editor, TaxonomyKind.Actor, id, "x", "y"));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.SetRetiredAsync(Editor, TaxonomyKind.Actor, id, true));
    }

    [Fact]
    public async Task An_admin_adds_and_renames_in_both_languages_audited_with_the_admin_and_the_public_pages_evicted()
    {
        var service = Service();
        var ru = Unique("Давление на наблюдателей");
        var id = await service.AddAsync(Admin, TaxonomyKind.Category, Unique("Байқаушыларға қысым"), ru);
        var row = Assert.Single(await service.ListAsync(Admin, TaxonomyKind.Category), r => r.Id == id);
        Assert.StartsWith("davlenie-na-nablyudateley", row.Slug, StringComparison.Ordinal);
        Assert.Equal(0, row.Uses);
        Assert.Contains(Guid.Empty, _events.Incidents);

        var kk = Unique("Байқаушыларға қысым көрсету");
        await service.RenameAsync(Admin, TaxonomyKind.Category, id, $"  {kk} ", ru + " (уточн.)");
        await using var db = Db();
        var stored = await db.IncidentCategories.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.Equal(kk, stored.Name.Kk);
        Assert.Equal(ru + " (уточн.)", stored.Name.Ru);
        Assert.Equal(row.Slug, stored.Slug); // links with ?category= keep working
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(IncidentCategory) && a.EntityId == id.ToString()).ToListAsync();
        Assert.Contains(audit, a => a.Action == AuditAction.Insert && a.UserId == _actor.UserId);
        var update = Assert.Single(audit, a => a.Action == AuditAction.Update);
        Assert.Equal(_actor.UserId, update.UserId);
        Assert.Contains(kk, update.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_are_required_in_both_languages_and_unique()
    {
        var service = Service();
        var ex = await Assert.ThrowsAsync<ValidationException>(() => service.AddAsync(Admin, TaxonomyKind.Actor, "  ", Unique("Полиция")));
        var error = Assert.Single(ex.Errors);
        Assert.Equal((TaxonomyErrors.NameRequired, "kk"), (error.Key, error.Lang));
        var ru = Unique("Прокуратура");
        await service.AddAsync(Admin, TaxonomyKind.Actor, Unique("Прокуратура"), ru);
        var taken = await Assert.ThrowsAsync<ValidationException>(() => service.AddAsync(Admin, TaxonomyKind.Actor, Unique("Басқа"), ru));
        Assert.Equal(TaxonomyErrors.NameTaken, Assert.Single(taken.Errors).Key);
    }

    [Fact]
    public async Task Terms_reorder_and_one_in_use_is_retired_instead_of_deleted()
    {
        var service = Service();
        var a = await service.AddAsync(Admin, TaxonomyKind.Category, Unique("Бірінші"), Unique("Первая"));
        var b = await service.AddAsync(Admin, TaxonomyKind.Category, Unique("Екінші"), Unique("Вторая"));
        await service.MoveAsync(Admin, TaxonomyKind.Category, b, -1);
        var order = (await service.ListAsync(Admin, TaxonomyKind.Category)).Select(r => r.Id).ToList();
        Assert.True(order.IndexOf(b) < order.IndexOf(a), "moved up");

        // An incident uses b: it cannot be deleted, only retired; it then leaves the editor's choices.
        await using (var db = Db())
        {
            var org = TestOrganisations.New("org");
            db.Organisations.Add(org);
            var incident = new Incident { OrganisationId = org.Id, CategoryId = b };
            incident.Translations.Add(new IncidentTranslation { Culture = "kk", Title = "Оқиға" });
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
        }

        var inUse = await Assert.ThrowsAsync<RuleException>(() => service.DeleteAsync(Admin, TaxonomyKind.Category, b));
        Assert.Equal(TaxonomyErrors.InUse, inUse.ErrorKey);
        await service.SetRetiredAsync(Admin, TaxonomyKind.Category, b, true);
        var row = Assert.Single(await service.ListAsync(Admin, TaxonomyKind.Category), r => r.Id == b);
        Assert.True(row.IsArchived);
        Assert.Equal(1, row.Uses);
        await using (var db = Db())
            Assert.True(await db.Incidents.AnyAsync(i => i.CategoryId == b), "the incident keeps its category");

        await service.DeleteAsync(Admin, TaxonomyKind.Category, a);
        Assert.DoesNotContain(await service.ListAsync(Admin, TaxonomyKind.Category), r => r.Id == a);
    }

    private sealed class FixedActor(Guid id, string name) : IAuditActor
    {
        public Guid? UserId { get; } = id;

        public string? UserName { get; } = name;
    }
}
