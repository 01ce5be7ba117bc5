using System.Text.Json;
using Baqylau.Auditing;
using Baqylau.Common;
using Baqylau.Incidents;
using Baqylau.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Tests.Auditing;

public class AuditTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private sealed class Actor(Guid id, string name) : IAuditActor
    {
        public Guid? UserId => id;

        public string? UserName => name;
    }

    private static JsonElement Changes(AuditEntry e) => JsonDocument.Parse(e.Changes).RootElement;

    [Fact]
    public async Task Insert_update_and_delete_each_write_an_entry_with_who_and_before_after()
    {
        var actor = new Actor(Guid.NewGuid(), "editor@test");
        var org = TestOrganisations.New("audit", "Бірінші", "Первый");
        await using (var db = fixture.CreateContext(actor))
        {
            db.Organisations.Add(org);
            await db.SaveChangesAsync();
        }

        await using (var db = fixture.CreateContext(actor))
        {
            var loaded = await db.Organisations.SingleAsync(o => o.Id == org.Id);
            loaded.Name = new LocalizedText("Екінші", "Второй");
            await db.SaveChangesAsync();
            db.Organisations.Remove(loaded);
            await db.SaveChangesAsync();
        }

        await using var read = fixture.CreateContext();
        var entries = await read.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Organisation) && a.EntityId == org.Id.ToString())
            .OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([AuditAction.Insert, AuditAction.Update, AuditAction.Delete], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(actor.UserId, e.UserId));
        Assert.All(entries, e => Assert.Equal("editor@test", e.UserName));

        var update = Changes(entries[1]).GetProperty("Name");
        Assert.Equal("Бірінші", update.GetProperty("before").GetProperty("kk").GetString());
        Assert.Equal("Второй", update.GetProperty("after").GetProperty("ru").GetString());
        Assert.False(Changes(entries[1]).TryGetProperty("Slug", out _), "unchanged fields are not listed");
        Assert.Equal(org.Slug, Changes(entries[2]).GetProperty("Slug").GetProperty("before").GetString());
    }

    [Fact]
    public async Task Internal_fields_are_recorded_as_changed_without_their_values()
    {
        const string marker = "SECRET-OBSERVER-Жанна-7731";
        var org = TestOrganisations.New("int");
        var category = new IncidentCategory { Slug = "int-cat-" + ShortId.New(6), Name = new LocalizedText("Санат", "Категория") };
        var incident = new Incident { OrganisationId = org.Id, CategoryId = category.Id, RecordedAt = DateTimeOffset.UtcNow };
        incident.Internal = new IncidentInternal { ObserverIdentities = marker, Notes = marker };
        await using (var db = fixture.CreateContext())
        {
            db.AddRange(org, category, incident);
            await db.SaveChangesAsync();
        }

        await using (var db = fixture.CreateContext())
        {
            var part = await db.IncidentInternals.SingleAsync(x => x.IncidentId == incident.Id);
            part.WitnessIdentities = marker + "-witness";
            await db.SaveChangesAsync();
        }

        await using var read = fixture.CreateContext();
        var entries = await read.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(IncidentInternal) && a.EntityId == incident.Id.ToString())
            .OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.DoesNotContain(marker, e.Changes, StringComparison.Ordinal));
        Assert.True(Changes(entries[0]).GetProperty("ObserverIdentities").GetProperty("changed").GetBoolean());
        Assert.True(Changes(entries[1]).GetProperty("WitnessIdentities").GetProperty("changed").GetBoolean());
    }

    [Fact]
    public async Task The_entry_is_written_in_the_same_transaction_as_the_change()
    {
        var org = TestOrganisations.New("tx", "Тx", "Тx");
        await using (var db = fixture.CreateContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Organisations.Add(org);
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }

        await using var read = fixture.CreateContext();
        Assert.False(await read.Organisations.AnyAsync(o => o.Id == org.Id));
        Assert.False(await read.AuditEntries.AnyAsync(a => a.EntityId == org.Id.ToString()));
    }
}
