using System.Security.Cryptography;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Baqylau.Publishing;

/// <summary>Resource keys (WorkspaceStrings) of what is wrong with an uploaded image, for any kind of upload.</summary>
public static class ImageErrors
{
    public const string PhotoTooLarge = "Error_PhotoTooLarge";
    public const string PhotoUnsupportedType = "Error_PhotoUnsupportedType";
    public const string PhotoUnreadable = "Error_PhotoUnreadable";
    public const string PhotoTooManyPixels = "Error_PhotoTooManyPixels";

    public static IReadOnlyList<string> All { get; } = [PhotoTooLarge, PhotoUnsupportedType, PhotoUnreadable, PhotoTooManyPixels];
}

/// <summary>Limits of one kind of upload (statement photos, organisation logos).</summary>
/// <param name="MaxBytes">File size limit.</param>
/// <param name="MaxPixels">Decoded size limit: a small file can claim a huge canvas (a decompression bomb).</param>
/// <param name="MaxWidth">The main file is capped at this width, which also drops the original's full resolution.</param>
/// <param name="VariantWidths">Smaller copies for srcset, as {name}-{width}.webp.</param>
/// <param name="Field">The form field named in validation errors.</param>
public sealed record ImageUploadRules(long MaxBytes, long MaxPixels, int MaxWidth, IReadOnlyList<int> VariantWidths, string Field);

/// <summary>
/// The one upload pipeline for public images. The type is decided by the file's content (magic bytes, then a
/// decoder restricted to JPEG, PNG and WebP), never by its name. The image is decoded and re-encoded as WebP,
/// so nothing of the original file survives: EXIF (camera, time, GPS position of the photographer), XMP, IPTC,
/// ICC profiles and comments are dropped. Files get a random 32-hex-digit name: {name}.webp plus one
/// {name}-{width}.webp per variant width.
/// </summary>
public static class CleanImages
{
    // Only these decoders are registered, so a GIF, BMP, TIFF or SVG cannot slip in under a .jpg name.
    private static readonly Configuration Decoders = new(new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule());

    private static readonly WebpEncoder Encoder = new() { FileFormat = WebpFileFormatType.Lossy, Quality = 82 };

    public static bool IsValidName(string? name) =>
        name is { Length: 32 } && name.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static string FileName(string name, int? width = null) => width is { } w ? $"{name}-{w}.webp" : $"{name}.webp";

    /// <summary>Validates, cleans and stores the upload in <paramref name="directory"/>; returns the new name.</summary>
    /// <exception cref="ValidationException">Too large, not a JPEG/PNG/WebP, or undecodable (the key says which).</exception>
    public static async Task<(string Name, int Width, int Height)> SaveAsync(Stream upload, string directory, ImageUploadRules rules, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await CopyAtMostAsync(upload, buffer, rules.MaxBytes + 1, ct);
        if (buffer.Length > rules.MaxBytes)
            throw Invalid(rules, ImageErrors.PhotoTooLarge, (int)(rules.MaxBytes / (1024 * 1024)));
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (Sniff(bytes.Span) is null)
            throw Invalid(rules, ImageErrors.PhotoUnsupportedType);

        Image<Rgba32> image;
        try
        {
            buffer.Position = 0;
            var info = await Image.IdentifyAsync(Decoders, buffer, ct);
            if (info is null)
                throw Invalid(rules, ImageErrors.PhotoUnreadable);
            if ((long)info.Width * info.Height > rules.MaxPixels)
                throw Invalid(rules, ImageErrors.PhotoTooManyPixels);
            buffer.Position = 0;
            image = await Image.LoadAsync<Rgba32>(Decoders, buffer, ct);
        }
        catch (Exception ex) when (ex is UnknownImageFormatException or InvalidImageContentException or ImageFormatException or NotSupportedException)
        {
            throw Invalid(rules, ImageErrors.PhotoUnreadable);
        }

        using (image)
        {
            // Turn the pixels the way the camera meant before the orientation tag goes with the rest of EXIF.
            image.Mutate(x => x.AutoOrient());
            StripMetadata(image);
            if (image.Width > rules.MaxWidth)
                image.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(rules.MaxWidth, 0), Mode = ResizeMode.Max }));

            var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            Directory.CreateDirectory(directory);
            await WriteAsync(image, Path.Combine(directory, FileName(name)), ct);
            foreach (var width in rules.VariantWidths)
            {
                using var variant = image.Width > width
                    ? image.Clone(x => x.Resize(new ResizeOptions { Size = new Size(width, 0), Mode = ResizeMode.Max }))
                    : image.Clone();
                StripMetadata(variant);
                await WriteAsync(variant, Path.Combine(directory, FileName(name, width)), ct);
            }

            return (name, image.Width, image.Height);
        }
    }

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

    /// <summary>Drops every metadata profile (EXIF with GPS, XMP, IPTC, ICC) of the image and its frames.</summary>
    internal static void StripMetadata(Image image)
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

    private static async Task WriteAsync(Image image, string target, CancellationToken ct)
    {
        var temp = target + ".tmp";
        await using (var file = File.Create(temp))
            await image.SaveAsync(file, Encoder, ct);
        // Readers (the public media endpoints) never see a half-written file.
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

    private static ValidationException Invalid(ImageUploadRules rules, string key, int? limit = null) =>
        new([new ValidationError(key, rules.Field, null, limit)]);
}
