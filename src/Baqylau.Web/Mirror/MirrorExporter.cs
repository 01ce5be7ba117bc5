using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Baqylau.Publishing;

namespace Baqylau.Web.Mirror;

/// <summary>What an export did: files in the mirror, and how many were written, left as they were, or removed.</summary>
public sealed record MirrorExportResult(int Files, int Written, int Unchanged, int Removed, IReadOnlyList<string> Failed)
{
    /// <summary>The files this export wrote (new or changed), relative to the mirror's folder.</summary>
    public IReadOnlyList<string> WrittenPaths { get; init; } = [];
}

/// <summary>
/// Renders the public site into a folder by asking the app itself for every public URL (the pages, feeds,
/// sitemap, CSV, API pages, photos and assets they link to), so the mirror is exactly what readers see.
/// Links become relative (`/kk/statements/x` is `kk/statements/x/index.html`), so a static host and a copy
/// opened from disk both work. Staff, account and health URLs are never fetched; links to them, and to
/// anything the mirror cannot hold, point to the live site.
/// </summary>
public sealed partial class MirrorExporter(HttpClient client, string siteUrl, ILogger logger)
{
    /// <summary>Stops a runaway crawl (a link that breeds new ones): far above any real site's size.</summary>
    public int MaxUrls { get; init; } = 2_000_000;

    /// <summary>Requests in flight: enough to keep the app busy on every core while the exporter rewrites and writes.</summary>
    public int Parallelism { get; init; } = Math.Max(4, Environment.ProcessorCount * 4);

    private static readonly string[] Seeds =
    [
        "/", "/kk", "/ru", "/sitemap.xml", "/robots.txt", MirrorModule.PublicKeyPath,
        "/kk/feed.atom", "/ru/feed.atom", "/kk/incidents.atom", "/ru/incidents.atom", "/kk/incidents.csv", "/ru/incidents.csv",
        "/embed/kk/incidents", "/embed/ru/incidents",
        "/api/v1/incidents", "/api/v1/statements", "/api/v1/campaigns", "/api/v1/organisations", "/api/v1/openapi.json",
    ];

    // Never part of a mirror: staff, sign-in, health, the circuit and framework scripts, the interactive API reference.
    private static readonly string[] Excluded =
        ["/workspace", "/account", "/health", "/_blazor", "/_framework", "/_content", "/api/v1/reference", "/error", "/not-found"];

    // Filters a list page may carry in the mirror: one at a time, first page only (a search word never).
    private static readonly HashSet<string> TimelineFilters = ["campaign", "organisation", "category", "actor", "region", "from", "to", "status"];
    private static readonly HashSet<string> StatementFilters = ["rubric", "campaign", "organisation", "year", "tag"];

    private readonly string site = siteUrl.TrimEnd('/');

    public static bool IsExportable(string path) =>
        path.StartsWith('/') && !Excluded.Any(e => path.Equals(e, StringComparison.OrdinalIgnoreCase) || path.StartsWith(e + "/", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether a URL gets a file in the mirror. Every path without a query does; with a query only what a reader of a
    /// copy needs to browse everything: the pages of the whole timeline, statement list and API lists, and the first
    /// page of each single-filter view. Every combination of filters (and every search) is unbounded, so those, and
    /// filtered downloads, link to the live site instead.
    /// </summary>
    public static bool IsMirrored(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        if (!IsExportable(path))
            return false;
        if (q < 0 || q == pathAndQuery.Length - 1)
            return true;
        var keys = pathAndQuery[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Uri.UnescapeDataString(p.Split('=', 2)[0])).ToList();
        if (keys.Count != keys.Distinct(StringComparer.Ordinal).Count())
            return false;
        var segments = path.Trim('/').Split('/');
        static bool Only(List<string> keys, params string[] allowed) => keys.All(k => allowed.Contains(k, StringComparer.Ordinal));
        return segments switch
        {
            [_, "incidents"] when Localization.PathPrefixCultureProvider.LanguageFromPath(path) is not null =>
                Only(keys, "after") || (keys.Count == 1 && TimelineFilters.Contains(keys[0])),
            [_, "statements"] when Localization.PathPrefixCultureProvider.LanguageFromPath(path) is not null =>
                Only(keys, "page") || (keys.Count == 1 && StatementFilters.Contains(keys[0])),
            ["api", "v1", "incidents" or "statements" or "campaigns" or "organisations"] => Only(keys, "cursor", "limit"),
            _ => false,
        };
    }

    /// <summary>Crawls the site and updates <paramref name="folder"/> incrementally; writes <paramref name="zipPath"/> when anything changed.</summary>
    public async Task<MirrorExportResult> ExportAsync(string folder, string? zipPath, MirrorSigningKey key, CancellationToken ct = default)
    {
        Directory.CreateDirectory(folder);
        var manifestPath = Path.Combine(folder, MirrorManifest.FileName);
        var previous = File.Exists(manifestPath) ? MirrorManifest.Parse(await File.ReadAllTextAsync(manifestPath, ct)) : [];
        var crawl = new Crawl(folder, previous);
        await CrawlAsync(crawl, ct);
        return Finish(crawl, zipPath, key);
    }

    /// <summary>What one export has seen and written so far; shared by the crawl's workers.</summary>
    private sealed class Crawl(string folder, IReadOnlyDictionary<string, string> previous)
    {
        public string Folder { get; } = folder;

        public IReadOnlyDictionary<string, string> Previous { get; } = previous;

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Hashes { get; } = new(StringComparer.Ordinal);

        public List<string> Written { get; } = [];

        public List<string> Failed { get; } = [];

        public int Unchanged;
    }

    private async Task CrawlAsync(Crawl crawl, CancellationToken ct)
    {
        var origin = client.BaseAddress ?? throw new InvalidOperationException("The mirror client needs a base address.");
        var queue = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var pending = 0;
        var capped = false;

        void Enqueue(string pathAndQuery)
        {
            lock (crawl.Seen)
            {
                if (crawl.Seen.Count >= MaxUrls)
                {
                    capped = true;
                    return;
                }

                if (!crawl.Seen.Add(pathAndQuery))
                    return;
            }

            Interlocked.Increment(ref pending);
            queue.Writer.TryWrite(pathAndQuery);
        }

        foreach (var seed in Seeds)
            Enqueue(seed);

        // A few workers, each fetching one URL, rewriting its links (which enqueues them) and writing its file; the
        // crawl ends when no URL is queued or in flight.
        var workers = Enumerable.Range(0, Parallelism).Select(_ => Task.Run(async () =>
        {
            await foreach (var url in queue.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await ProcessAsync(crawl, url, origin, Enqueue, ct);
                }
                catch (HttpRequestException ex)
                {
                    lock (crawl.Failed)
                        crawl.Failed.Add($"{ex.StatusCode?.ToString() ?? ex.HttpRequestError.ToString()} {url}");
                }
                finally
                {
                    if (Interlocked.Decrement(ref pending) == 0)
                        queue.Writer.TryComplete();
                }
            }
        }, ct)).ToList();
        await Task.WhenAll(workers);

        if (capped)
            logger.LogWarning("Mirror export stopped following links at {MaxUrls} URLs", MaxUrls);
    }

    private async Task ProcessAsync(Crawl crawl, string url, Uri origin, Action<string> enqueue, CancellationToken ct)
    {
        var (status, location, mediaType, raw) = await FetchAsync(url, ct);
        if (status is >= 300 and < 400 && location is not null)
        {
            var target = new Uri(new Uri(origin, url), location);
            if (target.Authority == origin.Authority && IsExportable(target.AbsolutePath))
            {
                // A redirect becomes a small page that forwards (meta refresh) to the target's file, or to the live
                // site when the target is not in the mirror.
                var path = StoredPath(url);
                string forward;
                if (IsMirrored(target.PathAndQuery))
                {
                    enqueue(target.PathAndQuery);
                    forward = Relative(path, StoredPath(target.PathAndQuery));
                }
                else
                {
                    forward = site + target.PathAndQuery;
                }

                Store(crawl, path, Encoding.UTF8.GetBytes(RedirectPage(forward, site + target.PathAndQuery)));
            }

            return;
        }

        if (status != 200)
        {
            lock (crawl.Failed)
                crawl.Failed.Add($"{status} {url}");
            return;
        }

        var body = raw;
        var filePath = StoredPath(url);
        if (mediaType == "text/html")
            body = Encoding.UTF8.GetBytes(RewriteHtml(Encoding.UTF8.GetString(body), filePath, origin, enqueue));
        else if (IsText(mediaType))
            body = Encoding.UTF8.GetBytes(RewriteText(Encoding.UTF8.GetString(body), origin, enqueue));
        Store(crawl, filePath, body);
    }

    /// <summary>Records a file's hash and writes it unless the last export left the very same file (incremental).</summary>
    private static void Store(Crawl crawl, string path, byte[] content)
    {
        var hash = MirrorManifest.Hash(content);
        lock (crawl.Hashes)
            crawl.Hashes[path] = hash;
        var full = Path.Combine(crawl.Folder, path);
        if (crawl.Previous.TryGetValue(path, out var old) && old == hash && File.Exists(full))
        {
            Interlocked.Increment(ref crawl.Unchanged);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        lock (crawl.Written)
            crawl.Written.Add(path);
    }

    private async Task<(int Status, Uri? Location, string MediaType, byte[] Body)> FetchAsync(string url, CancellationToken ct)
    {
        using var response = await client.GetAsync(url, ct);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
        var body = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsByteArrayAsync(ct) : [];
        return ((int)response.StatusCode, response.Headers.Location, mediaType, body);
    }

    private static bool IsText(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType.EndsWith("xml", StringComparison.Ordinal) || mediaType.EndsWith("json", StringComparison.Ordinal);

    /// <summary>
    /// Where a URL lives in the mirror: a page is `path/index.html`, a file keeps its name; a query string becomes
    /// part of the name (`kk/statements?page=2` is `kk/statements/q--page-2/index.html`).
    /// </summary>
    public static string FilePath(string pathAndQuery, string mediaType)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(q < 0 ? pathAndQuery : pathAndQuery[..q]).Trim('/');
        var query = q < 0 ? null : QueryName(pathAndQuery[(q + 1)..]);
        var segments = path.Length == 0 ? [] : path.Split('/');
        var last = segments.Length == 0 ? string.Empty : segments[^1];
        var hasExtension = last.Contains('.', StringComparison.Ordinal);
        if (hasExtension && mediaType != "text/html")
        {
            if (query is null)
                return path;
            var dot = path.LastIndexOf('.');
            return $"{path[..dot]}--{query}{path[dot..]}";
        }

        var index = mediaType switch
        {
            "text/html" => "index.html",
            "application/json" or "application/problem+json" => "index.json",
            _ when mediaType.EndsWith("xml", StringComparison.Ordinal) => "index.xml",
            "text/plain" => "index.txt",
            _ => "index.bin",
        };
        var folder = query is null ? path : (path.Length == 0 ? $"q--{query}" : $"{path}/q--{query}");
        return folder.Length == 0 ? index : $"{folder}/{index}";
    }

    private static string QueryName(string query)
    {
        var clean = SafeName().Replace(Uri.UnescapeDataString(query.Replace('+', ' ')), "-").Trim('-');
        // Lossy or long names get a hash of the real query, so two queries never share a file.
        if (clean.Length > 60 || !PlainQuery().IsMatch(query))
            clean = $"{(clean.Length > 40 ? clean[..40] : clean)}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)))[..10]}";
        return clean;
    }

    /// <summary>The relative link from one mirror file to another (both relative to the mirror's root).</summary>
    public static string Relative(string fromFile, string toFile)
    {
        var from = fromFile.Split('/')[..^1];
        var to = toFile.Split('/');
        var common = 0;
        while (common < from.Length && common < to.Length - 1 && from[common] == to[common])
            common++;
        var up = string.Concat(Enumerable.Repeat("../", from.Length - common));
        var rel = up + string.Join('/', to[common..].Select(Uri.EscapeDataString));
        return rel;
    }

    private string RewriteHtml(string html, string filePath, Uri origin, Action<string> enqueue)
    {
        // Pages carry <base href="/">; relative links in a mirror must resolve from the file itself instead.
        html = BaseTag().Replace(html, string.Empty);
        // Blazor's persisted component state is an encrypted blob, new on every render, for a script a mirror never
        // runs: dropped, so an unchanged page stays byte-identical between exports.
        html = ComponentState().Replace(html, string.Empty);
        var root = new Uri(origin, "/");
        return Tag().Replace(html, tag =>
        {
            var text = tag.Value;
            var isHeadLink = text.StartsWith("<link", StringComparison.OrdinalIgnoreCase)
                && RelAlternateOrCanonical().IsMatch(text);
            var isMeta = text.StartsWith("<meta", StringComparison.OrdinalIgnoreCase);
            return UrlAttribute().Replace(text, attr =>
            {
                var name = attr.Groups["name"].Value.ToLowerInvariant();
                var value = WebUtility.HtmlDecode(attr.Groups["value"].Value);
                string rewritten;
                if (isMeta || isHeadLink)
                {
                    // Canonical, hreflang and OpenGraph name the live site: a mirror is a copy, not a second original.
                    if (name != "content" && name != "href")
                        return attr.Value;
                    // A meta's content is a URL only when it is absolute (og:url, og:image); otherwise it is text.
                    if (name == "content" && !value.StartsWith("http", StringComparison.OrdinalIgnoreCase))
                        return attr.Value;
                    rewritten = ToLiveSite(value, root, origin);
                }
                else if (name == "content")
                {
                    return attr.Value;
                }
                else if (name == "srcset")
                {
                    rewritten = string.Join(", ", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(candidate =>
                    {
                        var parts = candidate.Split(' ', 2);
                        var url = Link(parts[0], root, origin, filePath, enqueue);
                        return parts.Length == 2 ? $"{url} {parts[1]}" : url;
                    }));
                }
                else
                {
                    rewritten = Link(value, root, origin, filePath, enqueue);
                }

                return $"{attr.Groups["name"].Value}=\"{WebUtility.HtmlEncode(rewritten)}\"";
            });
        });
    }

    /// <summary>Feeds, sitemap, CSV, JSON: follow the site's own absolute URLs, and name the live site in them.</summary>
    private string RewriteText(string text, Uri origin, Action<string> enqueue)
    {
        var prefix = origin.GetLeftPart(UriPartial.Authority);
        // JSON escapes & as \u0026 and may escape slashes: read URLs in their plain form.
        var plain = text.Replace("\\u0026", "&", StringComparison.Ordinal).Replace("\\/", "/", StringComparison.Ordinal);
        foreach (Match m in AbsoluteUrl().Matches(plain))
        {
            if (Uri.TryCreate(WebUtility.HtmlDecode(m.Value), UriKind.Absolute, out var uri)
                && uri.GetLeftPart(UriPartial.Authority) == prefix && IsMirrored(uri.PathAndQuery))
                enqueue(uri.PathAndQuery);
        }

        return prefix == site ? text : text.Replace(prefix, site, StringComparison.Ordinal);
    }

    private string ToLiveSite(string value, Uri root, Uri origin)
    {
        if (value.Length == 0 || value.StartsWith('#') || !Uri.TryCreate(root, value, out var uri) || uri.Authority != origin.Authority
            || (uri.Scheme != "http" && uri.Scheme != "https"))
            return value; // plain text (a title, a date) or another site
        return site + uri.PathAndQuery + uri.Fragment;
    }

    private string Link(string value, Uri root, Uri origin, string filePath, Action<string> enqueue)
    {
        if (value.Length == 0 || value.StartsWith('#') || (Scheme().IsMatch(value) && !value.StartsWith("http", StringComparison.OrdinalIgnoreCase)))
            return value; // fragment, mailto:, data:, tel:
        if (!Uri.TryCreate(root, value, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            return value;
        if (uri.Authority != origin.Authority)
            return value; // another site
        if (!IsMirrored(uri.PathAndQuery))
            return site + uri.PathAndQuery + uri.Fragment;
        enqueue(uri.PathAndQuery);
        // The target's type is not known before it is fetched: files with an extension keep their name, the rest are pages.
        var target = StoredPath(uri.PathAndQuery);
        return Relative(filePath, target) + uri.Fragment;
    }

    /// <summary>
    /// A URL's file, decided from the URL alone (links are written before their target is fetched): paths with an
    /// extension keep it, API paths are JSON, everything else is a page.
    /// </summary>
    public static string StoredPath(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return FilePath(pathAndQuery, GuessType(q < 0 ? pathAndQuery : pathAndQuery[..q]));
    }

    private static string GuessType(string path)
    {
        if (path.StartsWith("/api/", StringComparison.Ordinal) && !Path.HasExtension(path))
            return "application/json";
        return Path.HasExtension(path.TrimEnd('/')) ? "application/octet-stream" : "text/html";
    }

    private static string RedirectPage(string relativeTarget, string liveUrl)
    {
        var href = WebUtility.HtmlEncode(relativeTarget);
        return $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\" /><meta http-equiv=\"refresh\" content=\"0; url={href}\" />" +
               $"<link rel=\"canonical\" href=\"{WebUtility.HtmlEncode(liveUrl)}\" /></head><body><a href=\"{href}\">{href}</a></body></html>\n";
    }

    private MirrorExportResult Finish(Crawl crawl, string? zipPath, MirrorSigningKey key)
    {
        var folder = crawl.Folder;
        var manifestPath = Path.Combine(folder, MirrorManifest.FileName);
        var hashes = crawl.Hashes;
        var removed = 0;
        foreach (var path in crawl.Previous.Keys.Where(p => !hashes.ContainsKey(p)))
        {
            var full = Path.Combine(folder, path);
            if (File.Exists(full))
            {
                File.Delete(full);
                removed++;
            }

            RemoveEmptyParents(folder, Path.GetDirectoryName(full)!);
        }

        var written = crawl.Written.Count;
        var manifest = MirrorManifest.Format(hashes);
        var changed = written > 0 || removed > 0 || !File.Exists(manifestPath) || File.ReadAllText(manifestPath) != manifest
            || !File.Exists(Path.Combine(folder, MirrorManifest.SignatureFileName));
        if (changed)
        {
            var bytes = Encoding.UTF8.GetBytes(manifest);
            File.WriteAllBytes(manifestPath, bytes);
            File.WriteAllBytes(Path.Combine(folder, MirrorManifest.SignatureFileName), key.Sign(bytes));
        }

        if (zipPath is not null && (changed || !File.Exists(zipPath)))
        {
            var temp = zipPath + ".tmp";
            // The zip may live apart from the folder (the admin page's default beside a folder named by a caller).
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(temp))!);
            File.Delete(temp);
            // Fastest: pages are text that compresses well either way, and the archive of a large site is made in
            // seconds instead of minutes.
            System.IO.Compression.ZipFile.CreateFromDirectory(folder, temp, System.IO.Compression.CompressionLevel.Fastest, includeBaseDirectory: false);
            File.Move(temp, zipPath, overwrite: true);
        }

        logger.LogInformation("Mirror export: {Files} files, {Written} written, {Unchanged} unchanged, {Removed} removed, {Failed} failed",
            hashes.Count, written, crawl.Unchanged, removed, crawl.Failed.Count);
        return new MirrorExportResult(hashes.Count, written, crawl.Unchanged, removed, crawl.Failed) { WrittenPaths = crawl.Written };
    }

    private static void RemoveEmptyParents(string root, string dir)
    {
        var top = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        for (var d = Path.GetFullPath(dir); d.Length > top.Length && Directory.Exists(d) && !Directory.EnumerateFileSystemEntries(d).Any(); d = Path.GetDirectoryName(d)!)
            Directory.Delete(d);
    }

    [GeneratedRegex("<base\\s+href=\"/\"\\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BaseTag();

    [GeneratedRegex("<!--Blazor-[A-Za-z]+-Component-State:[^>]*-->")]
    private static partial Regex ComponentState();

    [GeneratedRegex("<[a-zA-Z][a-zA-Z0-9-]*\\s[^<>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex("(?<=\\s)(?<name>href|src|srcset|action|content)=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex UrlAttribute();

    [GeneratedRegex("rel=\"(canonical|alternate)\"", RegexOptions.IgnoreCase)]
    private static partial Regex RelAlternateOrCanonical();

    [GeneratedRegex("https?://[^\\s\"<>',\\\\]+")]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex("[^A-Za-z0-9_.-]+")]
    private static partial Regex SafeName();

    [GeneratedRegex("^[A-Za-z0-9_.=&-]*$")]
    private static partial Regex PlainQuery();
}
