using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Baqylau.Incidents;

/// <summary>Re-encodes an evidence image for the public, as StatementPhotoStore does for photos: nothing of the original file survives.</summary>
public static class EvidenceImages
{
    public const long MaxPixels = 50_000_000;

    private static readonly Configuration Decoders = new(new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule());

    private static readonly WebpEncoder Encoder = new() { FileFormat = WebpFileFormatType.Lossy, Quality = 85 };

    /// <returns>Clean WebP bytes, or null when the image cannot be decoded or is too large a canvas.</returns>
    public static async Task<byte[]?> CleanAsync(Stream source, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await source.CopyToAsync(buffer, ct);
        try
        {
            buffer.Position = 0;
            var info = await Image.IdentifyAsync(Decoders, buffer, ct);
            if ((long)info.Width * info.Height > MaxPixels)
                return null;
            buffer.Position = 0;
            using var image = await Image.LoadAsync<Rgba32>(Decoders, buffer, ct);
            // Turn the pixels the way the camera meant before the orientation tag goes with the rest of EXIF.
            image.Mutate(x => x.AutoOrient());
            Baqylau.Publishing.CleanImages.StripMetadata(image);

            using var output = new MemoryStream();
            await image.SaveAsync(output, Encoder, ct);
            return output.ToArray();
        }
        catch (Exception ex) when (ex is UnknownImageFormatException or InvalidImageContentException or ImageFormatException or NotSupportedException)
        {
            return null;
        }
    }
}
