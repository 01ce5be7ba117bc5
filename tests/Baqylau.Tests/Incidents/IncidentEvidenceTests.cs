using System.Security.Cryptography;
using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Baqylau.Tests.Incidents;

public class IncidentEvidenceTests(IncidentServiceFixture fixture) : IClassFixture<IncidentServiceFixture>, IDisposable
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly RecordingEvents _events = new();
    private readonly List<BaqylauDbContext> _contexts = [];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"baqylau-evidence-{Guid.NewGuid():N}");

    private StaffUser Author => new(Guid.NewGuid(), fixture.OrgA, [Roles.Author]);

    private StaffUser Editor => new(Guid.NewGuid(), fixture.OrgA, [Roles.Editor]);

    private StaffUser OtherEditor => new(Guid.NewGuid(), fixture.OrgB, [Roles.Editor]);

    public void Dispose()
    {
        foreach (var db in _contexts)
            db.Dispose();
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    private BaqylauDbContext Db()
    {
        var db = fixture.CreateContext(clock: _clock);
        _contexts.Add(db);
        return db;
    }

    private IncidentEvidenceService Evidence(long maxBytes = 1024 * 1024)
    {
        var store = new EvidenceStore(Options.Create(new EvidenceOptions { Directory = _dir, MaxBytes = maxBytes }));
        var service = new IncidentEvidenceService(fixture.Contexts(clock: _clock), fixture.Reads(), _clock, store, _events, NullLogger<IncidentEvidenceService>.Instance);
        return service;
    }

    private IncidentService? _incidents;

    private async Task<Guid> NewIncidentAsync()
    {
        var cipher = new InternalFieldCipher(Options.Create(new InternalFieldOptions { KeyPath = Path.Combine(_dir, "k", "key") }));
        var incidents = _incidents = new IncidentService(fixture.Contexts(clock: _clock), _clock, _events, cipher, NullLogger<IncidentService>.Instance);
        var created = await incidents.CreateAsync(Author, new IncidentContent
        {
            Translations = [new IncidentTextContent("kk", "Дәлел", "")],
            CategoryId = fixture.Category,
        });
        return created.Id;
    }

    [Fact]
    public async Task An_upload_is_stored_under_a_random_name_with_its_sha256_and_downloads_are_audited()
    {
        var incident = await NewIncidentAsync();
        var service = Evidence();
        var author = Author;

        var info = await service.UploadAsync(author, incident, "../../сурет.png", new MemoryStream(Png));

        Assert.Equal("image/png", info.ContentType);
        Assert.Equal(Png.Length, info.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Png)), info.Sha256);
        Assert.Equal("сурет.png", info.FileName);
        var stored = Assert.Single(Directory.GetFiles(_dir));
        Assert.True(EvidenceStore.IsValidName(Path.GetFileName(stored)));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stored));
        Assert.Equal([info.Id], (await service.ListAsync(author, incident)).Select(e => e.Id));

        var download = await service.OpenAsync(author, info.Id);
        await using (download.Content)
        {
            using var copy = new MemoryStream();
            await download.Content.CopyToAsync(copy);
            Assert.Equal(Png, copy.ToArray());
        }

        await using var db = fixture.CreateContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.Download && a.EntityId == info.Id.ToString());
        Assert.Equal(author.UserId, audit.UserId);
    }

    [Fact]
    public async Task Types_are_decided_by_content_and_limited_in_size()
    {
        var incident = await NewIncidentAsync();
        var service = Evidence(maxBytes: 64);

        var exe = await Assert.ThrowsAsync<ValidationException>(() =>
            service.UploadAsync(Author, incident, "photo.jpg", new MemoryStream([(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])));
        Assert.Equal(IncidentErrors.EvidenceUnsupportedType, exe.ErrorKey);
        var big = await Assert.ThrowsAsync<ValidationException>(() => service.UploadAsync(Author, incident, "a.pdf", new MemoryStream(new byte[65])));
        Assert.Equal(IncidentErrors.EvidenceTooLarge, big.ErrorKey);

        Assert.Equal("application/pdf", EvidenceStore.Sniff("%PDF-1.7"u8));
        Assert.Equal("text/plain", EvidenceStore.Sniff("Байқаушы учаскеден шығарылды.\n"u8));
        Assert.Null(EvidenceStore.Sniff([0x7F, (byte)'E', (byte)'L', (byte)'F', 0x00]));
        Assert.False(Directory.Exists(_dir) && Directory.GetFiles(_dir).Length > 0);
    }

    [Fact]
    public async Task Other_organisations_get_not_found_and_only_editors_mark_a_file_publishable()
    {
        var incident = await NewIncidentAsync();
        var service = Evidence();
        var info = await service.UploadAsync(Author, incident, "a.png", new MemoryStream(Png));

        await Assert.ThrowsAsync<NotFoundException>(() => service.OpenAsync(OtherEditor, info.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => service.ListAsync(OtherEditor, incident));
        await Assert.ThrowsAsync<NotFoundException>(() => service.UploadAsync(OtherEditor, incident, "b.png", new MemoryStream(Png)));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.SetPublishableAsync(Author, info.Id, true));

        var marked = await service.SetPublishableAsync(Editor, info.Id, true);
        Assert.True(marked.Publishable);
        Assert.True((await service.ListAsync(Author, incident)).Single().Publishable);
    }

    [Fact]
    public async Task Only_publishable_images_of_public_incidents_are_served_publicly_without_metadata()
    {
        var incident = await NewIncidentAsync();
        var service = Evidence(maxBytes: 10 * 1024 * 1024);
        byte[] jpeg;
        using (var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(40, 30))
        {
            image.Metadata.ExifProfile = new SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile();
            image.Metadata.ExifProfile.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Artist, "SECRET-OBSERVER-NAME");
            using var ms = new MemoryStream();
            await SixLabors.ImageSharp.ImageExtensions.SaveAsJpegAsync(image, ms);
            jpeg = ms.ToArray();
        }

        Assert.Contains("SECRET-OBSERVER-NAME", System.Text.Encoding.ASCII.GetString(jpeg), StringComparison.Ordinal);
        var photo = await service.UploadAsync(Author, incident, "photo.jpg", new MemoryStream(jpeg));
        var pdf = await service.UploadAsync(Author, incident, "act.pdf", new MemoryStream("%PDF-1.7 /Author (SECRET)"u8.ToArray()));
        Assert.Equal("image/jpeg", photo.ContentType);

        // Internal incident, not publishable: nothing.
        Assert.Null(await service.OpenPublicImageAsync(photo.Id));
        var editor = Editor;
        await service.SetPublishableAsync(editor, photo.Id, true);
        await service.SetPublishableAsync(editor, pdf.Id, true);
        Assert.Null(await service.OpenPublicImageAsync(photo.Id));

        var model = await _incidents!.GetAsync(editor, incident);
        await _incidents.SetVisibilityAsync(editor, incident, model.Version, IncidentVisibility.Public);

        var served = await service.OpenPublicImageAsync(photo.Id);
        Assert.NotNull(served);
        Assert.Equal("image/webp", EvidenceStore.Sniff(served));
        Assert.DoesNotContain("SECRET-OBSERVER-NAME", System.Text.Encoding.ASCII.GetString(served), StringComparison.Ordinal);
        using (var decoded = SixLabors.ImageSharp.Image.Load(served))
            Assert.Null(decoded.Metadata.ExifProfile);
        // A PDF cannot be cleaned like an image: it stays staff-only.
        Assert.Null(await service.OpenPublicImageAsync(pdf.Id));
    }
}
