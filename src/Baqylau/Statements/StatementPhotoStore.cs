using Baqylau.Publishing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
/// Stores a statement's hero photo through <see cref="CleanImages"/> (content-sniffed, re-encoded as WebP without
/// any metadata, random name): {name}.webp plus {name}-640.webp and {name}-1280.webp for srcset; the statement
/// stores {name}.
/// </summary>
public sealed class StatementPhotoStore(IOptions<StatementPhotoOptions> options, ILogger<StatementPhotoStore> logger)
{
    public static IReadOnlyList<int> VariantWidths { get; } = [640, 1280];

    /// <summary>The main file is capped at this width: enough for any screen, and it drops the original's full resolution.</summary>
    public const int MaxWidth = 2048;

    public string Directory => options.Value.Directory;

    public long MaxBytes => options.Value.MaxBytes;

    public static bool IsValidName(string? name) => CleanImages.IsValidName(name);

    /// <summary>Validates, cleans and stores the upload; returns the name to put in Statement.PhotoPath.</summary>
    /// <exception cref="ValidationException">Too large, not a JPEG/PNG/WebP, or undecodable (the key says which).</exception>
    public async Task<string> SaveAsync(Stream upload, CancellationToken ct = default)
    {
        var limits = options.Value;
        var (name, width, height) = await CleanImages.SaveAsync(upload, limits.Directory,
            new ImageUploadRules(limits.MaxBytes, limits.MaxPixels, MaxWidth, VariantWidths, StatementFields.Photo), ct);
        logger.LogInformation("Statement photo {PhotoName} stored ({Width}x{Height})", name, width, height);
        return name;
    }

    public static string FileName(string name, int? width = null) => CleanImages.FileName(name, width);

    /// <summary>"{name}-{width}" (a variant's name without ".webp") → (name, width); anything else → (stem, null).</summary>
    public static (string Name, int? Width) SplitVariant(string stem)
    {
        var dash = stem.LastIndexOf('-');
        return dash > 0 && int.TryParse(stem.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var width)
            && VariantWidths.Contains(width)
            ? (stem[..dash], width)
            : (stem, null);
    }

    public string PathOf(string name, int? width = null) =>
        IsValidName(name) ? Path.Combine(options.Value.Directory, FileName(name, width)) : throw new ArgumentException("Not a photo name.", nameof(name));

    /// <summary>The content's real type by its first bytes: "jpeg", "png", "webp", or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head) => CleanImages.Sniff(head);
}
