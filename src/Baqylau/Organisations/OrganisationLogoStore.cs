using Baqylau.Publishing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Baqylau.Organisations;

public sealed class OrganisationLogoOptions
{
    /// <summary>Where logos are stored: &lt;DataDirectory&gt;/uploads/organisations, outside wwwroot.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>The same limits as statement photos.</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    public long MaxPixels { get; set; } = 50_000_000;
}

/// <summary>
/// Stores an organisation's logo with the same rules as statement photos (<see cref="CleanImages"/>: content-sniffed
/// JPEG/PNG/WebP only, re-encoded as WebP without metadata, random name): {name}.webp (at most 1024 px wide) and
/// {name}-256.webp; the organisation stores {name}.
/// </summary>
public sealed class OrganisationLogoStore(IOptions<OrganisationLogoOptions> options, ILogger<OrganisationLogoStore> logger)
{
    public const int VariantWidth = 256;

    public const string Field = "Logo";

    public string Directory => options.Value.Directory;

    public long MaxBytes => options.Value.MaxBytes;

    /// <exception cref="ValidationException">Too large, not a JPEG/PNG/WebP, or undecodable.</exception>
    public async Task<string> SaveAsync(Stream upload, CancellationToken ct = default)
    {
        var o = options.Value;
        var (name, width, height) = await CleanImages.SaveAsync(upload, o.Directory,
            new ImageUploadRules(o.MaxBytes, o.MaxPixels, 1024, [VariantWidth], Field), ct);
        logger.LogInformation("Organisation logo {LogoName} stored ({Width}x{Height})", name, width, height);
        return name;
    }

    /// <summary>Public URL of a stored logo (small variant when asked), or null for none or a bad name.</summary>
    public static string? Url(string? name, bool small = false) =>
        CleanImages.IsValidName(name) ? $"/media/organisations/{CleanImages.FileName(name!, small ? VariantWidth : null)}" : null;
}
