using Baqylau.Web.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Baqylau.Web.Statements;

/// <summary>A hero photo ready for &lt;img&gt;: src, and srcset only when the responsive variants exist.</summary>
public sealed record StatementPhoto(string Src, string? SrcSet, string Sizes);

/// <summary>
/// Where statement photos live and how the public reaches them; the one place the workspace (which writes the
/// files) and the public pages (which read them) agree on. The workspace stores the re-encoded, metadata-free
/// photo under <c>{DataDirectory}/uploads/statements/</c> as <see cref="Baqylau.Statements.Statement.PhotoPath"/>
/// (a bare file name), plus <c>{name}-640.webp</c> and <c>{name}-1280.webp</c>. File names must never be reused
/// for other content: they are served with a one-year immutable cache.
/// </summary>
public sealed class StatementMedia
{
    public const string RequestPath = "/media/statements";

    /// <summary>Widths of the responsive variants, smallest first.</summary>
    public static IReadOnlyList<int> Widths { get; } = [640, 1280];

    private const string Sizes = "(min-width: 50rem) 48rem, 100vw";

    public StatementMedia(string folder) => Folder = folder;

    /// <summary>Absolute path of the uploads folder for statement photos.</summary>
    public string Folder { get; }

    public static string FolderIn(string dataDirectory) => Path.Combine(dataDirectory, "uploads", "statements");

    /// <summary>Variant file name for a width: "abc.jpg" → "abc-640.webp".</summary>
    public static string VariantName(string photoPath, int width) => $"{Path.GetFileNameWithoutExtension(photoPath)}-{width}.webp";

    /// <summary>The photo's URLs, or null when there is no photo or none of its files exist (no broken image).</summary>
    public StatementPhoto? Photo(string? photoPath)
    {
        if (!IsSafeFileName(photoPath))
            return null;
        var variants = Widths
            .Where(w => File.Exists(Path.Combine(Folder, VariantName(photoPath!, w))))
            .Select(w => (Width: w, Url: Url(VariantName(photoPath!, w))))
            .ToList();
        var original = File.Exists(Path.Combine(Folder, photoPath!)) ? Url(photoPath!) : null;
        if (variants.Count == 0)
            return original is null ? null : new StatementPhoto(original, null, Sizes);
        var srcset = string.Join(", ", variants.Select(v => $"{v.Url} {v.Width}w"));
        return new StatementPhoto(variants[^1].Url, srcset, Sizes);
    }

    public static string Url(string fileName) => $"{RequestPath}/{Uri.EscapeDataString(fileName)}";

    /// <summary>A bare file name of safe characters: a stored path must never reach outside the folder.</summary>
    internal static bool IsSafeFileName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 200 && !name.StartsWith('.')
        && name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.');
}

public static class StatementMediaSetup
{
    /// <summary>The image types /media/statements serves, by extension.</summary>
    internal static IReadOnlyDictionary<string, string> ImageTypes { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".webp"] = "image/webp",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".avif"] = "image/avif",
    };

    /// <summary>
    /// Serves /media/statements/{file}: images only, nosniff, cached for a year (names are never reused), and only
    /// the photos of public statements. Drafts' photos sit in the same folder; the workspace shows them through
    /// /workspace/photos, so a name that leaked early (a screenshot, a shared link) answers 404 here until publication.
    /// </summary>
    public static IApplicationBuilder UseStatementMedia(this IApplicationBuilder app)
    {
        var media = app.ApplicationServices.GetRequiredService<StatementMedia>();
        Directory.CreateDirectory(media.Folder);
        var gate = new PublicPhotoGate(app.ApplicationServices.GetRequiredService<TimeProvider>());
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(StatementMedia.RequestPath, out var rest))
            {
                await next(context);
                return;
            }

            if (!await gate.IsPublicAsync(rest.Value ?? string.Empty, context))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
        var types = new FileExtensionContentTypeProvider();
        types.Mappings.Clear();
        foreach (var (extension, type) in ImageTypes)
            types.Mappings[extension] = type;
        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = StatementMedia.RequestPath,
            FileProvider = new PhysicalFileProvider(media.Folder),
            ContentTypeProvider = types,
            ServeUnknownFileTypes = false,
            OnPrepareResponse = ctx =>
            {
                var headers = ctx.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = "public, max-age=31536000, immutable";
            },
        });
    }
}

/// <summary>
/// Remembers which photo names belong to public statements, for five minutes (a published photo stays public: browsers
/// keep it a year anyway). A "no" is never remembered, so a photo answers the moment its statement is published, on
/// every instance; a made-up name costs one indexed lookup.
/// </summary>
internal sealed class PublicPhotoGate(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private const int MaxEntries = 20_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> known = new(StringComparer.Ordinal);

    /// <summary>
    /// The values of <see cref="Baqylau.Statements.Statement.PhotoPath"/> that would show a file under
    /// /media/statements: the file itself, the name the store keeps for "{name}.webp", and the original a variant
    /// "{name}-{width}.webp" was made from. Empty for a name that cannot be a photo.
    /// </summary>
    public static IReadOnlyList<string> PhotoPathsFor(string? requestPath)
    {
        if (requestPath is null || !requestPath.StartsWith('/'))
            return [];
        var file = requestPath[1..];
        if (!StatementMedia.IsSafeFileName(file))
            return [];
        var extension = Path.GetExtension(file);
        if (!StatementMediaSetup.ImageTypes.ContainsKey(extension))
            return [];
        List<string> paths = [file];
        if (extension != ".webp")
            return paths;
        var stem = file[..^5];
        paths.Add(stem);
        if (Baqylau.Statements.StatementPhotoStore.SplitVariant(stem) is (var original, not null))
        {
            paths.Add(original);
            paths.AddRange(StatementMediaSetup.ImageTypes.Keys.Select(e => original + e));
        }

        return paths;
    }

    /// <summary>A remembered "yes" costs a dictionary lookup; only a miss works out the names and asks the database.</summary>
    public async Task<bool> IsPublicAsync(string file, HttpContext context)
    {
        var now = clock.GetUtcNow();
        if (known.TryGetValue(file, out var until) && until > now)
            return true;
        var photoPaths = PhotoPathsFor(file);
        if (photoPaths.Count == 0
            || !await context.RequestServices.GetRequiredService<Baqylau.Statements.StatementQueries>().ShowsPhotoAsync(photoPaths, context.RequestAborted))
            return false;
        if (known.Count >= MaxEntries)
            known.Clear();
        known[file] = now + Lifetime;
        return true;
    }
}
