using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Campaigns;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Organisations;
using Baqylau.Publishing;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Baqylau.Tests.Incidents;

/// <summary>Two organisations, a category, an actor and a campaign for incident workspace tests.</summary>
public sealed class IncidentServiceFixture : TwoOrganisationsFixture
{
    public Guid Category { get; } = Guid.CreateVersion7();

    public Guid Actor { get; } = Guid.CreateVersion7();

    public Guid Campaign { get; } = Guid.CreateVersion7();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = CreateContext();
        db.IncidentCategories.Add(new IncidentCategory { Id = Category, Slug = "internet-blocking", Name = new LocalizedText("Интернетті бұғаттау", "Блокировка интернета") });
        db.IncidentActors.Add(new IncidentActor { Id = Actor, Slug = "unknown", Name = new LocalizedText("Белгісіз", "Неизвестно") });
        db.Campaigns.Add(new Campaign { Id = Campaign, Slug = "kurultai-2026", Title = new LocalizedText("Құрылтай 2026", "Курултай 2026"), VotingDay = new DateOnly(2026, 8, 23) });
        await db.SaveChangesAsync();
    }
}

public class IncidentServiceTests(IncidentServiceFixture fixture) : IClassFixture<IncidentServiceFixture>, IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly RecordingEvents _events = new();
    private readonly List<BaqylauDbContext> _contexts = [];
    private readonly string _keyDir = Path.Combine(Path.GetTempPath(), $"baqylau-keys-{Guid.NewGuid():N}");

    private StaffUser Author => new(Guid.NewGuid(), fixture.OrgA, [Roles.Author]);

    private StaffUser Editor => new(Guid.NewGuid(), fixture.OrgA, [Roles.Editor]);

    private StaffUser OtherEditor => new(Guid.NewGuid(), fixture.OrgB, [Roles.Editor]);

    private static StaffUser Admin => new(Guid.NewGuid(), null, [Roles.Admin]);

    public void Dispose()
    {
        foreach (var db in _contexts)
            db.Dispose();
        if (Directory.Exists(_keyDir))
            Directory.Delete(_keyDir, recursive: true);
        GC.SuppressFinalize(this);
    }

    private string KeyPath => Path.Combine(_keyDir, "keys", "internal-fields.key");

    private IncidentService Service()
    {
        var cipher = new InternalFieldCipher(Options.Create(new InternalFieldOptions { KeyPath = KeyPath }));
        return new IncidentService(fixture.Contexts(clock: _clock), _clock, _events, cipher, NullLogger<IncidentService>.Instance);
    }

    private IncidentContent Content(string title, FuzzyDate? occurred = null, params SourceContent[] sources) => new()
    {
        Translations = [new IncidentTextContent("kk", title, "Сипаттама"), new IncidentTextContent("ru", title + " ru", "Описание")],
        Occurred = occurred ?? FuzzyDate.ForDay(new DateOnly(2026, 8, 23)),
        CategoryId = fixture.Category,
        ActorId = fixture.Actor,
        RegionId = 1,
        Settlement = " Астана ",
        PollingStation = "12",
        CampaignId = fixture.Campaign,
        Sources = sources,
    };

    private static string Unique(string title) => $"{title} {ShortId.New(6)}";

    [Fact]
    public async Task Author_creates_an_internal_reported_incident_recorded_now_apart_from_when_it_happened()
    {
        var service = Service();
        var author = Author;
        var created = await service.CreateAsync(author, Content(Unique("Интернет бұғатталды"), FuzzyDate.ForYearRange(2019, 2022),
            new SourceContent(SourceKind.NetworkMeasurement, "https://explorer.ooni.org/m/1", "OONI", new DateOnly(2026, 8, 23), "https://web.archive.org/x")));

        var model = await service.GetAsync(author, created.Id);
        Assert.Equal(VerificationStatus.Reported, model.Verification);
        Assert.Equal(IncidentVisibility.Internal, model.Visibility);
        Assert.Equal(_clock.GetUtcNow(), model.RecordedAt);
        Assert.Equal(FuzzyDate.ForYearRange(2019, 2022), model.Content.Occurred);
        Assert.Equal("Астана", model.Content.Settlement);
        var source = Assert.Single(model.Content.Sources);
        Assert.Equal(SourceKind.NetworkMeasurement, source.Kind);
        Assert.Equal("https://web.archive.org/x", source.ArchiveUrl);
        var step = Assert.Single(model.History);
        Assert.Equal((VerificationStatus.Reported, author.UserId), (step.Status, step.ById!.Value));
        Assert.False(model.Actions.CanVerify);
        Assert.False(model.Actions.CanReadInternal);
        Assert.Empty(_events.Incidents);

        await using var db = fixture.CreateContext();
        var row = await db.Incidents.SingleAsync(i => i.Id == created.Id);
        Assert.Equal(new DateTime(2019, 1, 1), row.OccurredSortKey);
        Assert.Equal(new DateOnly(2022, 12, 31), row.OccurredEndDay);
        Assert.Equal(author.UserId, row.CreatedById);

        // A save replaces the source list and keeps the date it was recorded.
        _clock.Advance(TimeSpan.FromDays(1));
        await service.SaveAsync(author, created.Id, Content("Жаңа", FuzzyDate.ForYear(2023),
            new SourceContent(SourceKind.Link, "http://example.org/a", null, null, null),
            new SourceContent(SourceKind.Document, "https://example.org/b.pdf", "Құжат", null, null)) with
        { Translations = [new IncidentTextContent("ru", "Только по-русски", "")] }, model.Version);
        var saved = await service.GetAsync(author, created.Id);
        Assert.Equal(["http://example.org/a", "https://example.org/b.pdf"], saved.Content.Sources.Select(s => s.Url).Order());
        Assert.Equal("ru", Assert.Single(saved.Content.Translations).Culture);
        Assert.Equal(model.RecordedAt, saved.RecordedAt);
    }

    [Fact]
    public async Task Invalid_content_is_refused_with_every_resource_key_at_once()
    {
        var service = Service();
        var bad = Content("x", new FuzzyDate { Precision = DatePrecision.Day, Year = 2026, Month = 2, Day = 30 },
            new SourceContent(SourceKind.Link, "javascript:alert(1)", null, null, "ftp://example.org/a"),
            new SourceContent(SourceKind.Link, "file:///etc/passwd", null, null, null)) with
        { CategoryId = null, Translations = [] };

        var ex = await Assert.ThrowsAsync<ValidationException>(() => service.CreateAsync(Author, bad));
        Assert.Contains(ex.Errors, e => e.Key == "FuzzyDate_DayOutOfRange" && e.Field == IncidentFields.Occurred);
        Assert.Contains(ex.Errors, e => e.Key == IncidentErrors.InvalidUrl && e.Field == IncidentFields.SourceUrl);
        Assert.Contains(ex.Errors, e => e.Key == IncidentErrors.InvalidUrl && e.Field == IncidentFields.ArchiveUrl);
        Assert.Contains(ex.Errors, e => e.Key == IncidentErrors.CategoryRequired);
        Assert.Contains(ex.Errors, e => e.Key == ErrorKeys.TitleRequired);
        Assert.Equal(2, ex.Errors.Count(e => e.Key == IncidentErrors.InvalidUrl && e.Field == IncidentFields.SourceUrl));

        var range = await Assert.ThrowsAsync<ValidationException>(() => service.CreateAsync(Author,
            Content("y", new FuzzyDate { Precision = DatePrecision.YearRange, Year = 2022, EndYear = 2019 })));
        Assert.Equal("FuzzyDate_RangeEndBeforeStart", Assert.Single(range.Errors).Key);
    }

    [Fact]
    public async Task Verification_steps_are_for_editors_in_order_and_recorded_with_who_and_when()
    {
        var service = Service();
        var author = Author;
        var editor = Editor;
        var created = await service.CreateAsync(author, Content(Unique("Салық тексерісі")));

        await Assert.ThrowsAsync<ForbiddenException>(() => service.VerifyAsync(author, created.Id, created.Version, VerificationStatus.Corroborated));
        await Assert.ThrowsAsync<RuleException>(() => service.VerifyAsync(editor, created.Id, created.Version, VerificationStatus.Verified));

        _clock.Advance(TimeSpan.FromHours(1));
        var corroborated = await service.VerifyAsync(editor, created.Id, created.Version, VerificationStatus.Corroborated, "екі дереккөз");
        _clock.Advance(TimeSpan.FromHours(1));
        var verified = await service.VerifyAsync(editor, created.Id, corroborated.Version, VerificationStatus.Verified);
        var disputed = await service.VerifyAsync(editor, created.Id, verified.Version, VerificationStatus.Disputed);

        var model = await service.GetAsync(editor, created.Id);
        Assert.Equal(VerificationStatus.Disputed, model.Verification);
        Assert.Equal([VerificationStatus.Reported, VerificationStatus.Corroborated, VerificationStatus.Verified, VerificationStatus.Disputed], model.History.Select(h => h.Status));
        Assert.Equal(editor.UserId, model.History[1].ById);
        Assert.Equal("екі дереккөз", model.History[1].Comment);
        Assert.True(model.History[2].At > model.History[1].At);
        Assert.Equal([VerificationStatus.Reported], model.Actions.NextSteps);
        Assert.Equal(disputed.Version, model.Version);
    }

    [Fact]
    public async Task Only_editors_publish_and_public_changes_are_announced()
    {
        var service = Service();
        var author = Author;
        var editor = Editor;
        var created = await service.CreateAsync(author, Content(Unique("Байқаушылар шығарылды")));

        await Assert.ThrowsAsync<ForbiddenException>(() => service.SetVisibilityAsync(author, created.Id, created.Version, IncidentVisibility.Public));
        var internalSave = await service.SaveAsync(author, created.Id, Content("Өзгертілді"), created.Version);
        Assert.Empty(_events.Incidents);

        var published = await service.SetVisibilityAsync(editor, created.Id, internalSave.Version, IncidentVisibility.Public);
        Assert.Equal([created.Id], _events.Incidents);

        // Once public, its text is an editor's to change.
        await Assert.ThrowsAsync<ForbiddenException>(() => service.SaveAsync(author, created.Id, Content("Автор"), published.Version));
        var edited = await service.SaveAsync(editor, created.Id, Content("Редактор"), published.Version);
        Assert.Equal(2, _events.Incidents.Count);

        await service.SetVisibilityAsync(editor, created.Id, edited.Version, IncidentVisibility.Internal);
        Assert.Equal(3, _events.Incidents.Count);
    }

    [Fact]
    public async Task Another_organisation_gets_not_found_and_admins_see_all()
    {
        var service = Service();
        var created = await service.CreateAsync(Author, Content(Unique("Жасырын")));

        await Assert.ThrowsAsync<NotFoundException>(() => service.GetAsync(OtherEditor, created.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => service.SaveAsync(OtherEditor, created.Id, Content("x"), created.Version));
        await Assert.ThrowsAsync<NotFoundException>(() => service.VerifyAsync(OtherEditor, created.Id, created.Version, VerificationStatus.Corroborated));
        var otherList = await service.ListAsync(OtherEditor, new IncidentListQuery());
        Assert.DoesNotContain(otherList.Items, r => r.Id == created.Id);

        Assert.Equal(created.Id, (await service.GetAsync(Admin, created.Id)).Id);
        var adminList = await service.ListAsync(Admin, new IncidentListQuery { OrganisationId = fixture.OrgA, PageSize = 200 });
        Assert.Contains(adminList.Items, r => r.Id == created.Id);
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_carrying_the_current_incident()
    {
        var service = Service();
        var author = Author;
        var created = await service.CreateAsync(author, Content(Unique("Қақтығыс")));
        await service.SaveAsync(author, created.Id, Content("Бірінші"), created.Version);

        var conflict = await Assert.ThrowsAsync<ConflictException<IncidentEditModel>>(() => service.SaveAsync(author, created.Id, Content("Екінші"), created.Version));
        Assert.Equal("Бірінші", conflict.Current.Content.Translation("kk")!.Title);
    }

    [Fact]
    public async Task List_filters_by_status_visibility_taxonomy_place_campaign_and_overlapping_dates_and_pages()
    {
        var service = Service();
        var author = Author;
        var editor = Editor;
        var tag = ShortId.New(6);
        var range = await service.CreateAsync(author, Content($"Ауқым {tag}", FuzzyDate.ForYearRange(2019, 2022)));
        var day = await service.CreateAsync(author, Content($"Күн {tag}", FuzzyDate.ForDay(new DateOnly(2024, 3, 17))) with { });
        var unknown = await service.CreateAsync(author, Content($"Белгісіз {tag}", FuzzyDate.Unknown) with { RegionId = 2, CampaignId = null, ActorId = null });
        await service.VerifyAsync(editor, day.Id, day.Version, VerificationStatus.Corroborated);

        async Task<List<Guid>> Ids(IncidentListQuery q) => [.. (await service.ListAsync(author, q with { Search = tag })).Items.Select(r => r.Id)];

        Assert.Equal(3, (await Ids(new IncidentListQuery())).Count);
        Assert.Equal([range.Id], await Ids(new IncidentListQuery { From = new DateOnly(2021, 1, 1), To = new DateOnly(2021, 12, 31) }));
        Assert.Equal([day.Id], await Ids(new IncidentListQuery { Verification = VerificationStatus.Corroborated }));
        Assert.Equal([unknown.Id], await Ids(new IncidentListQuery { RegionId = 2 }));
        Assert.DoesNotContain(unknown.Id, await Ids(new IncidentListQuery { CampaignId = fixture.Campaign }));
        Assert.DoesNotContain(unknown.Id, await Ids(new IncidentListQuery { ActorId = fixture.Actor }));
        Assert.Equal(3, (await Ids(new IncidentListQuery { CategoryId = fixture.Category, Visibility = IncidentVisibility.Internal })).Count);
        Assert.Empty(await Ids(new IncidentListQuery { Visibility = IncidentVisibility.Public }));

        var page = await service.ListAsync(author, new IncidentListQuery { Search = tag, PageSize = 2, Page = 2 });
        Assert.Equal(3, page.Total);
        Assert.Single(page.Items);
    }

    [Fact]
    public async Task Links_to_own_statements_are_kept_and_foreign_drafts_refused()
    {
        var statements = new StatementService(fixture.Contexts(clock: _clock), _clock, _events, NullLogger<StatementService>.Instance);
        var own = await statements.CreateAsync(Author, new StatementContent { Translations = [new TranslationContent("kk", Unique("Мәлімдеме"), "", "", null, null)] });
        var foreign = await statements.CreateAsync(OtherEditor, new StatementContent { Translations = [new TranslationContent("kk", Unique("Бөтен"), "", "", null, null)] });

        var service = Service();
        var created = await service.CreateAsync(Author, Content(Unique("Байланыс")) with { StatementIds = [own.Id] });
        Assert.Equal([own.Id], (await service.GetAsync(Author, created.Id)).Content.StatementIds);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => service.CreateAsync(Author, Content("z") with { StatementIds = [foreign.Id] }));
        Assert.Equal(IncidentFields.Statements, Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Every_incident_key_has_texts_in_both_languages()
    {
        var dir = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web", "Resources");
        foreach (var lang in new[] { "kk", "ru" })
        {
            var keys = System.Xml.Linq.XDocument.Load(Path.Combine(dir, $"WorkspaceStrings.{lang}.resx")).Root!.Elements("data")
                .Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
            var needed = IncidentErrors.All
                .Concat(typeof(IncidentFields).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!))
                .Concat(Enum.GetNames<VerificationStatus>().Select(s => $"Verification_{s}"))
                .Concat(Enum.GetNames<IncidentVisibility>().Select(s => $"Visibility_{s}"))
                .Concat(Enum.GetNames<SourceKind>().Select(s => $"SourceKind_{s}"))
                .Concat(Enum.GetNames<DatePrecision>().Select(s => $"Precision_{s}"));
            var missing = needed.Where(k => !keys.Contains(k)).ToList();
            Assert.True(missing.Count == 0, lang + " missing: " + string.Join(", ", missing));
        }
    }

    [Fact]
    public async Task Internal_part_is_encrypted_at_rest_and_read_back_only_by_editors_of_the_organisation_with_an_audited_view()
    {
        var service = Service();
        var author = Author;
        var editor = Editor;
        var created = await service.CreateAsync(author, Content(Unique("Куәлар")));
        const string Marker = "PLAINTEXT-MARKER Айгүл +7 701 000 00 00";

        await Assert.ThrowsAsync<ForbiddenException>(() => service.SaveInternalAsync(author, created.Id, new IncidentInternalContent(Marker, null, null)));
        await service.SaveInternalAsync(editor, created.Id, new IncidentInternalContent(Marker, "Куә: " + Marker, "Ескерту " + Marker));

        // The raw table holds only "v1:" ciphertext.
        await using (var db = fixture.CreateContext())
        {
            var conn = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand(
                "SELECT \"ObserverIdentities\", \"WitnessIdentities\", \"Notes\" FROM \"IncidentInternals\" WHERE \"IncidentId\" = @id", conn);
            cmd.Parameters.AddWithValue("id", created.Id);
            var raws = new List<string>();
            await using (var reader = await cmd.ExecuteReaderAsync())
            {
                Assert.True(await reader.ReadAsync());
                for (var c = 0; c < 3; c++)
                    raws.Add(reader.GetString(c));
            }

            foreach (var raw in raws)
            {
                Assert.StartsWith(InternalFieldCipher.Prefix, raw, StringComparison.Ordinal);
                Assert.DoesNotContain("PLAINTEXT-MARKER", raw, StringComparison.Ordinal);
                Assert.DoesNotContain("Айгүл", raw, StringComparison.Ordinal);
            }

            // Nor does the audit trail carry the values.
            var audit = await db.AuditEntries.Where(a => a.EntityType == nameof(IncidentInternal) && a.EntityId.StartsWith(created.Id.ToString())).ToListAsync();
            Assert.NotEmpty(audit);
            Assert.All(audit, a => Assert.DoesNotContain("PLAINTEXT-MARKER", a.Changes, StringComparison.Ordinal));
        }

        var read = await service.GetInternalAsync(editor, created.Id);
        Assert.Equal(Marker, read.ObserverIdentities);
        Assert.Equal("Куә: " + Marker, read.WitnessIdentities);
        Assert.Equal("Ескерту " + Marker, read.Notes);

        await Assert.ThrowsAsync<ForbiddenException>(() => service.GetInternalAsync(author, created.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => service.GetInternalAsync(OtherEditor, created.Id));
        // A platform admin outside the organisation does not read observers' names either.
        await Assert.ThrowsAsync<ForbiddenException>(() => service.GetInternalAsync(Admin, created.Id));
        Assert.False((await service.GetAsync(author, created.Id)).Actions.CanReadInternal);
        Assert.True((await service.GetAsync(editor, created.Id)).Actions.CanReadInternal);

        await using (var db = fixture.CreateContext())
        {
            var views = await db.AuditEntries.Where(a => a.Action == AuditAction.View && a.EntityId == created.Id.ToString()).ToListAsync();
            var view = Assert.Single(views);
            Assert.Equal(editor.UserId, view.UserId);
            Assert.Equal(nameof(IncidentInternal), view.EntityType);
        }
    }

    [Fact]
    public void Key_file_is_created_once_with_owner_only_mode_and_ciphertext_is_bound_to_its_row_and_field()
    {
        var cipher = new InternalFieldCipher(Options.Create(new InternalFieldOptions { KeyPath = KeyPath }));
        var id = Guid.NewGuid();
        var stored = cipher.Encrypt("Нұрлан", id, "Notes");

        Assert.True(File.Exists(KeyPath));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        Assert.NotEqual(stored, cipher.Encrypt("Нұрлан", id, "Notes"));

        // A second instance (a restart) reads the same key.
        var again = new InternalFieldCipher(Options.Create(new InternalFieldOptions { KeyPath = KeyPath }));
        Assert.Equal("Нұрлан", again.Decrypt(stored, id, "Notes"));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => again.Decrypt(stored, Guid.NewGuid(), "Notes"));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => again.Decrypt(stored, id, "WitnessIdentities"));
        Assert.Null(cipher.Encrypt(null, id, "Notes"));

        var other = new InternalFieldCipher(Options.Create(new InternalFieldOptions { KeyPath = Path.Combine(_keyDir, "other.key") }));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => other.Decrypt(stored, id, "Notes"));
    }
}
