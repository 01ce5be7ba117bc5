using System.Text.Json;
using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Common;
using Baqylau.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Baqylau.Tests.Incidents;

/// <summary>
/// Bulk actions on the incident list, on a real PostgreSQL: each selected incident goes through the single action,
/// with its own rules, its own audit rows and its own refusal; another organisation's ids are refused as not found.
/// </summary>
public sealed class IncidentBulkTests(IncidentServiceFixture fixture) : IClassFixture<IncidentServiceFixture>, IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly RecordingEvents _events = new();
    private readonly string _keyDir = Path.Combine(Path.GetTempPath(), $"baqylau-keys-{Guid.NewGuid():N}");
    private readonly StaffUser _author = new(Guid.NewGuid(), fixture.OrgA, [Roles.Author]);
    private readonly StaffUser _editor = new(Guid.NewGuid(), fixture.OrgA, [Roles.Editor]);
    private readonly StaffUser _otherAuthor = new(Guid.NewGuid(), fixture.OrgB, [Roles.Author]);

    public void Dispose()
    {
        if (Directory.Exists(_keyDir))
            Directory.Delete(_keyDir, recursive: true);
    }

    /// <summary>The service as the signed-in <paramref name="user"/> runs it: the audit interceptor names them.</summary>
    private IncidentService Service(StaffUser user)
    {
        var cipher = new InternalFieldCipher(Options.Create(new InternalFieldOptions { KeyPath = Path.Combine(_keyDir, "k.key") }));
        return new IncidentService(fixture.Contexts(new Actor(user.UserId), _clock), _clock, _events, cipher, NullLogger<IncidentService>.Instance);
    }

    private IncidentContent Content(string title) => new()
    {
        Translations = [new IncidentTextContent("kk", title, "Сипаттама"), new IncidentTextContent("ru", title, "Описание")],
        Occurred = FuzzyDate.ForDay(new DateOnly(2026, 8, 23)),
        CategoryId = fixture.Category,
    };

    private async Task<IncidentSaveResult> NewAsync(StaffUser author, string title) =>
        await Service(author).CreateAsync(author, Content($"{title} {ShortId.New(6)}"));

    private static IncidentBulkItem Item(IncidentSaveResult r) => new(r.Id, r.Version);

    private async Task<List<AuditEntry>> AuditOfAsync(Guid id, DateTimeOffset since)
    {
        await using var db = fixture.CreateContext();
        var key = id.ToString();
        // Changes is jsonb: child rows (history) name the incident there, so filter after reading.
        var rows = await db.AuditEntries.Where(a => a.At >= since).OrderBy(a => a.Id).ToListAsync();
        return [.. rows.Where(a => a.EntityId == key || a.Changes.Contains(key, StringComparison.Ordinal))];
    }

    [Fact]
    public async Task Verifying_three_applies_the_allowed_step_and_names_each_refused_one_with_its_state_and_audits_per_item()
    {
        var corroborated = await NewAsync(_author, "Байқаушы шығарылды");
        corroborated = await Service(_editor).VerifyAsync(_editor, corroborated.Id, corroborated.Version, VerificationStatus.Corroborated);
        var reported = await NewAsync(_author, "Интернет бұғатталды");
        var disputed = await NewAsync(_author, "Салық тексерісі");
        disputed = await Service(_editor).VerifyAsync(_editor, disputed.Id, disputed.Version, VerificationStatus.Disputed);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var since = _clock.GetUtcNow();

        var result = await Service(_editor).ApplyBulkAsync(_editor, [Item(corroborated), Item(reported), Item(disputed)],
            IncidentBulkChange.Verify(VerificationStatus.Verified));

        Assert.Equal(1, result.AppliedCount);
        Assert.True(result.Items.Single(i => i.Id == corroborated.Id).Applied);
        var refused = result.Refused.ToDictionary(r => r.Id);
        Assert.Equal([reported.Id, disputed.Id], refused.Keys.Order());
        Assert.All(refused.Values, r => Assert.Equal(IncidentErrors.VerificationStep, r.ErrorKey));
        Assert.Equal(VerificationStatus.Reported, refused[reported.Id].Verification);
        Assert.Equal(VerificationStatus.Disputed, refused[disputed.Id].Verification);
        Assert.StartsWith("Интернет бұғатталды", refused[reported.Id].Title, StringComparison.Ordinal);

        var service = Service(_editor);
        Assert.Equal(VerificationStatus.Verified, (await service.GetAsync(_editor, corroborated.Id)).Verification);
        Assert.Equal(VerificationStatus.Reported, (await service.GetAsync(_editor, reported.Id)).Verification);

        // The applied one: its own Update (Verification before/after) and its own history row, by the editor.
        var audit = await AuditOfAsync(corroborated.Id, since);
        var update = Assert.Single(audit, a => a.EntityType == nameof(Incident) && a.Action == AuditAction.Update);
        Assert.Equal(_editor.UserId, update.UserId);
        using (var changes = JsonDocument.Parse(update.Changes))
        {
            var verification = changes.RootElement.GetProperty(nameof(Incident.Verification));
            // Enums are recorded as their stored numbers.
            Assert.Equal((int)VerificationStatus.Corroborated, verification.GetProperty("before").GetInt32());
            Assert.Equal((int)VerificationStatus.Verified, verification.GetProperty("after").GetInt32());
        }

        Assert.Single(audit, a => a.EntityType == nameof(IncidentVerificationEvent) && a.Action == AuditAction.Insert);
        // The refused ones changed nothing, so nothing was written.
        Assert.Empty(await AuditOfAsync(reported.Id, since));
        Assert.Empty(await AuditOfAsync(disputed.Id, since));
    }

    [Fact]
    public async Task Another_organisations_ids_are_refused_nameless_and_left_untouched_while_own_ones_change()
    {
        var own = await NewAsync(_author, "Өз оқиғасы");
        var foreign = await NewAsync(_otherAuthor, "Бөгде оқиға");
        _clock.Advance(TimeSpan.FromMinutes(5));
        var since = _clock.GetUtcNow();

        var result = await Service(_editor).ApplyBulkAsync(_editor, [Item(own), Item(foreign), new IncidentBulkItem(Guid.NewGuid(), 1)],
            IncidentBulkChange.SetVisibility(IncidentVisibility.Public));

        Assert.Equal(1, result.AppliedCount);
        Assert.Equal(2, result.Refused.Count);
        Assert.All(result.Refused, r =>
        {
            Assert.Equal(ErrorKeys.NotFound, r.ErrorKey);
            Assert.Null(r.Title);
            Assert.Null(r.Verification);
        });
        var other = new StaffUser(Guid.NewGuid(), fixture.OrgB, [Roles.Editor]);
        Assert.Equal(IncidentVisibility.Internal, (await Service(other).GetAsync(other, foreign.Id)).Visibility);
        Assert.Empty(await AuditOfAsync(foreign.Id, since));
        Assert.Equal(IncidentVisibility.Public, (await Service(_editor).GetAsync(_editor, own.Id)).Visibility);
        Assert.Single(await AuditOfAsync(own.Id, since), a => a.EntityType == nameof(Incident) && a.Changes.Contains(nameof(Incident.Visibility), StringComparison.Ordinal));
        Assert.Contains(own.Id, _events.Incidents);
        Assert.DoesNotContain(foreign.Id, _events.Incidents);
    }

    [Fact]
    public async Task Authors_cannot_act_in_bulk_even_on_their_own_incidents()
    {
        var own = await NewAsync(_author, "Автордың оқиғасы");

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Service(_author).ApplyBulkAsync(_author, [Item(own)], IncidentBulkChange.SetCampaign(fixture.Campaign)));

        var model = await Service(_author).GetAsync(_author, own.Id);
        Assert.Null(model.Content.CampaignId);
        Assert.Equal(own.Version, model.Version);
    }

    [Fact]
    public async Task Setting_the_campaign_writes_one_audit_row_per_incident_and_a_stale_copy_is_refused_as_changed_since()
    {
        var first = await NewAsync(_author, "Бірінші");
        var second = await NewAsync(_author, "Екінші");
        var stale = await NewAsync(_author, "Ескі көшірме");
        await Service(_author).SaveAsync(_author, stale.Id, Content("Біреу өзгертті"), stale.Version);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var since = _clock.GetUtcNow();

        var result = await Service(_editor).ApplyBulkAsync(_editor, [Item(first), Item(second), Item(stale)],
            IncidentBulkChange.SetCampaign(fixture.Campaign));

        Assert.Equal(2, result.AppliedCount);
        var conflict = Assert.Single(result.Refused);
        Assert.Equal((stale.Id, ErrorKeys.Conflict), (conflict.Id, conflict.ErrorKey));
        Assert.Equal("Біреу өзгертті", conflict.Title);
        foreach (var id in new[] { first.Id, second.Id })
        {
            var rows = (await AuditOfAsync(id, since)).Where(a => a.EntityType == nameof(Incident)).ToList();
            var row = Assert.Single(rows);
            Assert.Contains(fixture.Campaign.ToString(), row.Changes, StringComparison.Ordinal);
            Assert.Equal(fixture.Campaign, (await Service(_editor).GetAsync(_editor, id)).Content.CampaignId);
        }

        Assert.Null((await Service(_editor).GetAsync(_editor, stale.Id)).Content.CampaignId);
        // An unknown campaign is refused by the single action's own check.
        var current = await Service(_editor).GetAsync(_editor, first.Id);
        var unknown = await Assert.ThrowsAsync<ValidationException>(() => Service(_editor).SetCampaignAsync(_editor, first.Id, current.Version, Guid.NewGuid()));
        Assert.Equal(ErrorKeys.UnknownReference, unknown.ErrorKey);
    }

    [Fact]
    public async Task An_empty_or_oversized_selection_is_refused_as_a_whole()
    {
        await Assert.ThrowsAsync<RuleException>(() => Service(_editor).ApplyBulkAsync(_editor, [], IncidentBulkChange.Verify(VerificationStatus.Verified)));
        var many = Enumerable.Range(0, IncidentService.MaxBulkItems + 1).Select(_ => new IncidentBulkItem(Guid.NewGuid(), 1)).ToList();
        var ex = await Assert.ThrowsAsync<RuleException>(() => Service(_editor).ApplyBulkAsync(_editor, many, IncidentBulkChange.Verify(VerificationStatus.Verified)));
        Assert.Equal(IncidentErrors.BulkSelection, ex.ErrorKey);
    }

    private sealed class Actor(Guid id) : IAuditActor
    {
        public Guid? UserId => id;

        public string? UserName => "editor";
    }
}
