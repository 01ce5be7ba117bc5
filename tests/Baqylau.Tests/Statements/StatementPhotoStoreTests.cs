using System.Globalization;
using System.Text;
using Baqylau.Publishing;
using Baqylau.Statements;
using Baqylau.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Iptc;
using SixLabors.ImageSharp.Metadata.Profiles.Xmp;
using SixLabors.ImageSharp.PixelFormats;

namespace Baqylau.Tests.Statements;

public sealed class StatementPhotoStoreTests : IDisposable
{
    private const string SecretXmp = "observer-home-address-XMP";
    private const string SecretByline = "Observer Zhanna IPTC";
    private const string SecretCamera = "ObserverPhone-EXIF";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "baqylau-photos-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private StatementPhotoStore Store(long maxBytes = 10 * 1024 * 1024) =>
        new(Options.Create(new StatementPhotoOptions { Directory = _dir, MaxBytes = maxBytes }), NullLogger<StatementPhotoStore>.Instance);

    /// <summary>A photo as a phone would send it: EXIF with the camera and the GPS position, XMP and IPTC.</summary>
    private static byte[] JpegWithGps()
    {
        using var image = new Image<Rgba32>(1600, 900, new Rgba32(20, 120, 140));
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, SecretCamera);
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(43, 1), new Rational(14, 1), new Rational(3, 1)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(76, 1), new Rational(53, 1), new Rational(45, 1)]);
        image.Metadata.ExifProfile = exif;
        image.Metadata.XmpProfile = new XmpProfile(Encoding.UTF8.GetBytes(
            $"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description>{SecretXmp}</rdf:Description></rdf:RDF></x:xmpmeta>"));
        var iptc = new IptcProfile();
        iptc.SetValue(IptcTag.Byline, SecretByline);
        image.Metadata.IptcProfile = iptc;
        using var ms = new MemoryStream();
        image.SaveAsJpeg(ms);
        return ms.ToArray();
    }

    [Fact]
    public async Task A_jpeg_with_gps_is_stored_as_webp_variants_without_any_metadata()
    {
        var jpeg = JpegWithGps();
        var original = Image.Identify(jpeg);
        Assert.NotNull(original.Metadata.ExifProfile?.GetValue(ExifTag.GPSLatitude));
        Assert.Contains(SecretCamera, Encoding.Latin1.GetString(jpeg), StringComparison.Ordinal);

        var name = await Store().SaveAsync(new MemoryStream(jpeg));

        Assert.True(StatementPhotoStore.IsValidName(name));
        var files = Directory.GetFiles(_dir).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(new[] { $"{name}-1280.webp", $"{name}-640.webp", $"{name}.webp" }.Order(), files);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(_dir, file!));
            Assert.Equal("webp", StatementPhotoStore.Sniff(bytes));
            var info = Image.Identify(bytes);
            Assert.Null(info.Metadata.ExifProfile);
            Assert.Null(info.Metadata.XmpProfile);
            Assert.Null(info.Metadata.IptcProfile);
            Assert.Null(info.Metadata.IccProfile);
            var text = Encoding.Latin1.GetString(bytes);
            // No RIFF metadata chunk at all, and none of the values anywhere in the file.
            Assert.DoesNotContain("EXIF", text, StringComparison.Ordinal);
            Assert.DoesNotContain("XMP ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ICCP", text, StringComparison.Ordinal);
            Assert.DoesNotContain(SecretCamera, text, StringComparison.Ordinal);
            Assert.DoesNotContain(SecretXmp, text, StringComparison.Ordinal);
            Assert.DoesNotContain(SecretByline, text, StringComparison.Ordinal);
        }

        Assert.Equal(640, Image.Identify(Path.Combine(_dir, $"{name}-640.webp")).Width);
        Assert.Equal(1280, Image.Identify(Path.Combine(_dir, $"{name}-1280.webp")).Width);
        Assert.Equal(1600, Image.Identify(Path.Combine(_dir, $"{name}.webp")).Width);
    }

    [Fact]
    public async Task A_png_named_jpg_is_accepted_for_what_it_is()
    {
        using var image = new Image<Rgba32>(300, 200, new Rgba32(200, 30, 30, 128));
        using var ms = new MemoryStream();
        image.Save(ms, new PngEncoder());
        var bytes = ms.ToArray();
        // The store never sees the file name: only the content decides.
        Assert.Equal("png", StatementPhotoStore.Sniff(bytes));

        var name = await Store().SaveAsync(new MemoryStream(bytes));

        Assert.True(File.Exists(Path.Combine(_dir, $"{name}.webp")));
        Assert.Equal(300, Image.Identify(Path.Combine(_dir, $"{name}-640.webp")).Width);
    }

    [Theory]
    [InlineData("kk-KZ", "JPEG, PNG не WebP")]
    [InlineData("ru-KZ", "JPEG, PNG или WebP")]
    public async Task A_text_file_named_jpg_is_refused_with_a_localised_message(string culture, string expectedPart)
    {
        var text = Encoding.UTF8.GetBytes("Бұл сурет емес, мәтін. <script>alert(1)</script>");

        var ex = await Assert.ThrowsAsync<ValidationException>(() => Store().SaveAsync(new MemoryStream(text)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ImageErrors.PhotoUnsupportedType, error.Key);
        Assert.Equal(StatementFields.Photo, error.Field);
        Assert.False(Directory.Exists(_dir) && Directory.EnumerateFiles(_dir).Any());
        Assert.Contains(expectedPart, Localised(culture, error.Key), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_starts_like_a_jpeg_but_is_not_one_is_refused_as_unreadable()
    {
        byte[] fake = [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes("not really a jpeg at all")];
        var ex = await Assert.ThrowsAsync<ValidationException>(() => Store().SaveAsync(new MemoryStream(fake)));
        Assert.Equal(ImageErrors.PhotoUnreadable, ex.Errors[0].Key);
    }

    [Fact]
    public async Task An_oversize_file_is_refused_before_decoding()
    {
        var big = new byte[(10 * 1024 * 1024) + 1];
        JpegWithGps().CopyTo(big, 0);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => Store().SaveAsync(new MemoryStream(big)));

        Assert.Equal(ImageErrors.PhotoTooLarge, ex.Errors[0].Key);
        Assert.Equal(10, ex.Errors[0].Limit);
        Assert.False(Directory.Exists(_dir) && Directory.EnumerateFiles(_dir).Any());
    }

    private static string Localised(string culture, string key)
    {
        var factory = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var localizer = new StringLocalizer<WorkspaceStrings>(factory);
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            var text = localizer[key];
            Assert.False(text.ResourceNotFound);
            return text.Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
