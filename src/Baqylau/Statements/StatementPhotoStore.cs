using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Baqylau.Statements;

public sealed class StatementPhotoOptions
{
    /// <summary>Where photos are stored: &lt;DataDirectory&gt;/uploads/statements, outside wwwroot.</summary>
    public string Directory { get; set; } = string.Empty;

    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Decoded size limit: a small file can claim a huge canvas (a decompression bomb).</summary>
    public long MaxPixels { get; set; } = 50_000_000;
}

/// <summary>
/// Stores a statement's hero photo. The type is decided by the file's content (magic bytes, then a decoder
/// restricted to JPEG, PNG and WebP), never by its name. The image is decoded and re-encoded as WebP, so
/// nothing of the original file survives: EXIF (camera, time, GPS position of the photographer), XMP, IPTC,
/// ICC profiles and comments are dropped. Files get a random name: {name}.webp plus {name}-640.webp and
/// {name}-1280.webp for srcset; the statement stores {name}.
/// </summary>
public sealed class StatementPhotoStore(IOptions<StatementPhotoOptions> options, ILogger<StatementPhotoStore> logger)
{
    public static IReadOnlyList<int> VariantWidths { get; } = [640, 1280];

    /// <summary>The main file is capped at this width: enough for any screen, and it drops the original's full resolution.</summary>
    public const int MaxWidth = 2048;

    // Only these decoders are registered, so a GIF, BMP, TIFF or SVG cannot slip in under a .jpg name.
    private static readonly Configuration Decoders = new(new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule());

    private static readonly WebpEncoder Encoder = new() { FileFormat = WebpFileFormatType.Lossy, Quality = 82 };

    public string Directory => options.Value.Directory;

    public long MaxBytes => options.Value.MaxBytes;

    public static bool IsValidName(string? name) =>
        name is { Length: 32 } && name.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>Validates, cleans and stores the upload; returns the name to put in Statement.PhotoPath.</summary>
    /// <exception cref="StatementValidationException">Too large, not a JPEG/PNG/WebP, or undecodable (the key says which).</exception>
    public async Task<string> SaveAsync(Stream upload, CancellationToken ct = default)
    {
        var limits = options.Value;
        using var buffer = new MemoryStream();
        await CopyAtMostAsync(upload, buffer, limits.MaxBytes + 1, ct);
        if (buffer.Length > limits.MaxBytes)
            throw Invalid(StatementErrors.PhotoTooLarge, (int)(limits.MaxBytes / (1024 * 1024)));
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (Sniff(bytes.Span) is null)
            throw Invalid(StatementErrors.PhotoUnsupportedType);

        Image<Rgba32> image;
        try
        {
            buffer.Position = 0;
            var info = await Image.IdentifyAsync(Decoders, buffer, ct);
            if (info is null)
                throw Invalid(StatementErrors.PhotoUnreadable);
            if ((long)info.Width * info.Height > limits.MaxPixels)
                throw Invalid(StatementErrors.PhotoTooManyPixels);
            buffer.Position = 0;
            image = await Image.LoadAsync<Rgba32>(Decoders, buffer, ct);
        }
        catch (Exception ex) when (ex is UnknownImageFormatException or InvalidImageContentException or ImageFormatException or NotSupportedException)
        {
            throw Invalid(StatementErrors.PhotoUnreadable);
        }

        using (image)
        {
            // Turn the pixels the way the camera meant before the orientation tag goes with the rest of EXIF.
            image.Mutate(x => x.AutoOrient());
            StripMetadata(image);
            if (image.Width > MaxWidth)
                image.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(MaxWidth, 0), Mode = ResizeMode.Max }));

            var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            System.IO.Directory.CreateDirectory(limits.Directory);
            await WriteAsync(image, FileName(name), ct);
            foreach (var width in VariantWidths)
            {
                using var variant = image.Width > width
                    ? image.Clone(x => x.Resize(new ResizeOptions { Size = new Size(width, 0), Mode = ResizeMode.Max }))
                    : image.Clone();
                StripMetadata(variant);
                await WriteAsync(variant, FileName(name, width), ct);
            }

            logger.LogInformation("Statement photo {PhotoName} stored ({Width}x{Height})", name, image.Width, image.Height);
            return name;
        }
    }

    public static string FileName(string name, int? width = null) => width is { } w ? $"{name}-{w}.webp" : $"{name}.webp";

    public string PathOf(string name, int? width = null) =>
        IsValidName(name) ? Path.Combine(options.Value.Directory, FileName(name, width)) : throw new ArgumentException("Not a photo name.", nameof(name));

    /// <summary>The content's real type by its first bytes: "jpeg", "png", "webp", or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
            return "jpeg";
        if (head.Length >= 8 && head[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return "png";
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
            return "webp";
        return null;
    }

    private static void StripMetadata(Image image)
    {
        image.Metadata.ExifProfile = null;
        image.Metadata.XmpProfile = null;
        image.Metadata.IptcProfile = null;
        image.Metadata.IccProfile = null;
        foreach (var frame in image.Frames)
        {
            frame.Metadata.ExifProfile = null;
            frame.Metadata.XmpProfile = null;
            frame.Metadata.IptcProfile = null;
            frame.Metadata.IccProfile = null;
        }
    }

    private async Task WriteAsync(Image image, string fileName, CancellationToken ct)
    {
        var target = Path.Combine(options.Value.Directory, fileName);
        var temp = target + ".tmp";
        await using (var file = File.Create(temp))
            await image.SaveAsync(file, Encoder, ct);
        // Readers (the public media endpoint) never see a half-written file.
        File.Move(temp, target, overwrite: true);
    }

    private static async Task CopyAtMostAsync(Stream source, Stream target, long max, CancellationToken ct)
    {
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while (total < max && (read = await source.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, max - total)), ct)) > 0)
        {
            await target.WriteAsync(chunk.AsMemory(0, read), ct);
            total += read;
        }
    }

    private static StatementValidationException Invalid(string key, int? limit = null) =>
        new([new ValidationError(key, StatementFields.Photo, null, limit)]);
}
