using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Local.Demo;
using Baqylau.Publishing;
using Baqylau.Web.Mirror;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Baqylau.Tests.Mirror;

/// <summary>The app with demo content, whose mirror exporter reads the site through the in-memory test server.</summary>
public sealed class MirrorWebFactory : BaqylauWebFactory
{
    public const string SiteUrl = "https://baqylau.example";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Baqylau:Mirror:SiteUrl", SiteUrl);
        builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<MirrorSelfClient>(_ => new InMemorySelfClient(this))));
    }

    private sealed class InMemorySelfClient(MirrorWebFactory factory) : MirrorSelfClient(null!)
    {
        public override HttpClient Create() =>
            factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }
}

public partial class MirrorTests(MirrorWebFactory factory) : IClassFixture<MirrorWebFactory>
{
    private const string Marker = "MIRRORLEAK";

    [Fact]
    public async Task The_mirror_is_self_contained_free_of_internal_data_signed_and_incremental()
    {
        await SeedInternalMarkersAsync();
        var mirror = factory.Services.GetRequiredService<MirrorService>();
        var folder = Path.Combine(factory.DataDirectory, "export", "site");
        var zip = folder + ".zip";

        var first = await mirror.ExportAsync(folder, zip);
        Assert.Empty(first.Failed);
        Assert.True(first.Files > 200, $"only {first.Files} files");
        Assert.Equal(first.Files, first.Written);
        Assert.True(File.Exists(zip));

        // Every page, feed, data file and asset kind is there, in both languages.
        foreach (var path in new[]
                 {
                     "index.html", "kk/index.html", "ru/index.html", "kk/statements/index.html", "ru/incidents/index.html",
                     "kk/campaigns/index.html", "ru/corrections/index.html", "kk/feed.atom", "ru/incidents.csv", "kk/incidents.atom",
                     "sitemap.xml", "robots.txt", "api/v1/incidents/index.json", "api/v1/statements/index.json", "api/v1/openapi.json",
                     "embed/kk/incidents/index.html", ".well-known/baqylau-mirror.pub.pem",
                 })
            Assert.True(File.Exists(Path.Combine(folder, path)), $"missing {path}");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.Contains("/kk/statements/", StringComparison.Ordinal) && f.EndsWith("/index.html", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("/ru/incidents/", StringComparison.Ordinal) && f.EndsWith("/index.html", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("/ru/organisations/", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("/css/site.", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("/media/statements/", StringComparison.Ordinal) && f.EndsWith(".webp", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("q--page-2", StringComparison.Ordinal));

        Assert.DoesNotContain(files, f => f.EndsWith(".html", StringComparison.Ordinal) && File.ReadAllText(f).Contains("Component-State", StringComparison.Ordinal));
        AssertEveryLinkResolves(folder);
        AssertNoInternalMarker(folder);
        await AssertSignatureAsync(folder);

        // Incremental: nothing changed, nothing written.
        var beforeAgain = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllText);
        var again = await mirror.ExportAsync(folder, zip);
        Assert.True(again.Written == 0, "rewritten without a change: " + string.Join("\n", again.WrittenPaths.Select(p => $"{p}: {FirstDifference(beforeAgain[p], File.ReadAllText(Path.Combine(folder, p)))}")));
        Assert.Equal((first.Files, first.Files, 0), (again.Files, again.Unchanged, again.Removed));

        // One statement's Russian title changes: only the files that show it are rewritten.
        var css = files.First(f => f.Contains("/css/site.", StringComparison.Ordinal));
        var cssWritten = File.GetLastWriteTimeUtc(css);
        string slug;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
            var ru = await db.Set<Baqylau.Statements.StatementTranslation>().FirstAsync(t => t.StatementId == DemoIds.Statement20260708 && t.Culture == "ru");
            ru.Title = "Изменённый заголовок для зеркала";
            slug = ru.Slug;
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<IPublicContentEvents>().StatementChangedAsync(DemoIds.Statement20260708);
        }

        var third = await mirror.ExportAsync(folder, zip);
        Assert.Empty(third.Failed);
        Assert.True(third.Written >= 1 && third.Written <= third.Files / 10, "rewritten: " + string.Join(", ", third.WrittenPaths));
        Assert.Equal(third.Files, third.Written + third.Unchanged);
        Assert.Contains("Изменённый заголовок для зеркала", await File.ReadAllTextAsync(Path.Combine(folder, "ru", "statements", slug, "index.html")));
        Assert.Equal(cssWritten, File.GetLastWriteTimeUtc(css));
        Assert.Empty(MirrorManifest.Verify(folder, await PublicKeyAsync()));
    }

    [Fact]
    public async Task The_live_site_publishes_the_public_key_and_links_it_from_every_page()
    {
        var client = factory.Client();
        var pem = await client.GetStringAsync(MirrorModule.PublicKeyPath);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", pem, StringComparison.Ordinal);
        var home = await client.GetStringAsync("/ru");
        Assert.Contains($"href=\"{MirrorModule.PublicKeyPath}\"", home, StringComparison.Ordinal);
        Assert.Contains("Ключ для проверки копий сайта", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_admin_opens_the_mirror_page_and_downloads_the_zip()
    {
        var author = factory.Client();
        await author.SignInAsync("author@baqylau.local", BaqylauWebFactory.DemoPassword);
        var page = await author.GetAsync("/workspace/mirror");
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await author.GetAsync(MirrorModule.DownloadPath)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await factory.Client().GetAsync(MirrorModule.DownloadPath)).StatusCode);

        var admin = factory.Client();
        await admin.SignInAsync("admin@baqylau.local", BaqylauWebFactory.DemoPassword, factory.Totp);
        var adminPage = await admin.GetAsync("/workspace/mirror");
        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
        var html = await adminPage.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"mirror-export\"", html, StringComparison.Ordinal);
        // The workspace carries Blazor's reconnect banner in the user's language (the demo admin's is Kazakh).
        Assert.Contains("id=\"components-reconnect-modal\"", html, StringComparison.Ordinal);
        Assert.Contains("Серверпен байланыс үзілді", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/", "text/html", "index.html")]
    [InlineData("/kk", "text/html", "kk/index.html")]
    [InlineData("/kk/statements/some-slug", "text/html", "kk/statements/some-slug/index.html")]
    [InlineData("/kk/statements?page=2", "text/html", "kk/statements/q--page-2/index.html")]
    [InlineData("/ru/incidents.csv?category=obstruction", "text/csv", "ru/incidents--category-obstruction.csv")]
    [InlineData("/api/v1/incidents", "application/json", "api/v1/incidents/index.json")]
    [InlineData("/css/site.abc.css", "text/css", "css/site.abc.css")]
    public void Urls_map_to_files_a_static_host_serves(string url, string mediaType, string expected) =>
        Assert.Equal(expected, MirrorExporter.FilePath(url, mediaType));

    [Theory]
    [InlineData("/ru/incidents", true)]
    [InlineData("/ru/incidents?after=AbC", true)]
    [InlineData("/ru/incidents?category=obstruction", true)]
    [InlineData("/kk/incidents?region=almaty", true)]
    [InlineData("/kk/statements?page=7", true)]
    [InlineData("/kk/statements?rubric=news", true)]
    [InlineData("/api/v1/incidents?cursor=AbC&limit=50", true)]
    [InlineData("/ru/incidents.csv", true)]
    [InlineData("/ru/incidents?category=obstruction&after=AbC", false)]
    [InlineData("/ru/incidents?category=obstruction&region=almaty", false)]
    [InlineData("/ru/incidents?q=наблюдатель", false)]
    [InlineData("/ru/incidents.csv?category=obstruction", false)]
    [InlineData("/ru/incidents.atom?region=almaty", false)]
    [InlineData("/embed/ru/incidents?category=obstruction", false)]
    [InlineData("/api/v1/incidents?q=x", false)]
    [InlineData("/ru/incidents?after=a&after=b", false)]
    [InlineData("/workspace/statements", false)]
    [InlineData("/account/login?returnUrl=%2F", false)]
    public void The_mirror_holds_every_page_and_each_list_but_not_every_combination_of_filters(string url, bool mirrored) =>
        Assert.Equal(mirrored, MirrorExporter.IsMirrored(url));

    [Fact]
    public void A_query_that_cannot_be_a_plain_name_gets_a_hash_so_two_never_share_a_file()
    {
        var a = MirrorExporter.FilePath("/ru/incidents?q=абв", "text/html");
        var b = MirrorExporter.FilePath("/ru/incidents?q=где", "text/html");
        Assert.NotEqual(a, b);
        Assert.Matches("^ru/incidents/q--[A-Za-z0-9_.-]+/index.html$", a);
    }

    [Theory]
    [InlineData("kk/index.html", "kk/statements/x/index.html", "statements/x/index.html")]
    [InlineData("kk/statements/x/index.html", "css/site.css", "../../../css/site.css")]
    [InlineData("kk/statements/x/index.html", "ru/statements/y/index.html", "../../../ru/statements/y/index.html")]
    [InlineData("index.html", "kk/index.html", "kk/index.html")]
    public void Relative_links_climb_from_the_page_folder(string from, string to, string expected) =>
        Assert.Equal(expected, MirrorExporter.Relative(from, to));

    private async Task<string> PublicKeyAsync() => await factory.Client().GetStringAsync(MirrorModule.PublicKeyPath);

    private async Task SeedInternalMarkersAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
        var category = await db.IncidentCategories.FirstAsync(c => c.Slug == "observer-removal");
        var visible = NewIncident(category.Id, IncidentVisibility.Public, "Айна сынағы", "Проверка зеркала");
        visible.Internal = new IncidentInternal
        {
            ObserverIdentities = $"{Marker}-OBSERVER",
            WitnessIdentities = $"{Marker}-WITNESS",
            Notes = $"{Marker}-NOTES",
        };
        var hidden = NewIncident(category.Id, IncidentVisibility.Internal, $"{Marker}-HIDDEN-KK", $"{Marker}-HIDDEN-RU");
        var draft = new Baqylau.Statements.Statement
        {
            OrganisationId = DemoIds.ErkindikQanaty,
            Status = Baqylau.Statements.StatementStatus.Draft,
            Translations = [new() { Culture = "ru", Slug = "mirrorleak-draft", Title = $"{Marker}-DRAFT", Body = Marker }],
        };
        db.AddRange(visible, hidden, draft);

        // The demo has no photos: give one statement a real one, processed by the workspace's photo store.
        using (var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(1600, 900, new SixLabors.ImageSharp.PixelFormats.Rgba32(20, 120, 140)))
        using (var png = new MemoryStream())
        {
            await SixLabors.ImageSharp.ImageExtensions.SaveAsPngAsync(image, png);
            png.Position = 0;
            var photo = await scope.ServiceProvider.GetRequiredService<Baqylau.Statements.StatementPhotoStore>().SaveAsync(png);
            (await db.Statements.FirstAsync(s => s.Id == DemoIds.Statement20260708)).PhotoPath = photo;
        }

        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<IPublicContentEvents>().StatementChangedAsync(DemoIds.Statement20260708);
        await scope.ServiceProvider.GetRequiredService<IPublicContentEvents>().IncidentChangedAsync(visible.Id);
    }

    private static Incident NewIncident(Guid categoryId, IncidentVisibility visibility, string kk, string ru)
    {
        var incident = new Incident
        {
            OrganisationId = DemoIds.ErkindikQanaty,
            CategoryId = categoryId,
            CampaignId = DemoIds.Kurultai2026,
            RegionId = 2,
            Visibility = visibility,
            RecordedAt = DateTimeOffset.UtcNow,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        incident.SetOccurred(Baqylau.Incidents.FuzzyDate.ForDay(new DateOnly(2026, 8, 23)));
        incident.Translations.Add(new IncidentTranslation { Culture = "kk", Title = kk, Description = kk });
        incident.Translations.Add(new IncidentTranslation { Culture = "ru", Title = ru, Description = ru });
        return incident;
    }

    private static void AssertEveryLinkResolves(string folder)
    {
        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.html", SearchOption.AllDirectories))
        {
            var html = File.ReadAllText(file);
            var rel = Path.GetRelativePath(folder, file);
            if (html.Contains("<base ", StringComparison.Ordinal))
                broken.Add($"{rel}: <base>");
            foreach (Match m in LinkAttribute().Matches(html))
            {
                foreach (var raw in m.Groups[1].Value == "srcset"
                             ? m.Groups[2].Value.Split(',').Select(c => c.Trim().Split(' ')[0])
                             : [m.Groups[2].Value])
                {
                    var value = WebUtility.HtmlDecode(raw);
                    if (value.Length == 0 || value.StartsWith('#') || value.StartsWith("mailto:", StringComparison.Ordinal) || value.StartsWith("data:", StringComparison.Ordinal))
                        continue;
                    if (value.StartsWith("http://localhost", StringComparison.Ordinal))
                        broken.Add($"{rel}: {value} names the exporting server");
                    if (value.StartsWith("http", StringComparison.Ordinal))
                        continue; // the live site or another site
                    if (value.StartsWith('/'))
                    {
                        broken.Add($"{rel}: {value} is root-absolute");
                        continue;
                    }

                    checkedLinks++;
                    var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(value.Split('#', '?')[0])));
                    if (!target.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal) || !File.Exists(target))
                        broken.Add($"{rel}: {value}");
                }
            }
        }

        Assert.True(checkedLinks > 5000, $"only {checkedLinks} links checked");
        Assert.True(broken.Count == 0, string.Join("\n", broken.Take(30)));
    }

    private static void AssertNoInternalMarker(string folder)
    {
        string[] forbidden = [Marker, "(fictional)", "ойдан шығарылған", "вымышленный", "LEAKMARK"];
        var found = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".webp", StringComparison.Ordinal))
            .SelectMany(f => forbidden.Where(File.ReadAllText(f).Contains).Select(word => $"{Path.GetRelativePath(folder, f)}: {word}"))
            .ToList();
        Assert.True(found.Count == 0, string.Join("\n", found.Take(20)));
        // The public incident itself is there: the check looked at the right export.
        Assert.Contains(Directory.EnumerateFiles(folder, "index.html", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains("Проверка зеркала", StringComparison.Ordinal));
    }

    private async Task AssertSignatureAsync(string folder)
    {
        var pem = await PublicKeyAsync();
        Assert.Empty(MirrorManifest.Verify(folder, pem));

        // A copy to tamper with, checked the way docs/operations.md tells a reader to.
        var copy = Path.Combine(factory.DataDirectory, "tampered");
        CopyFolder(folder, copy);
        var keyFile = Path.Combine(factory.DataDirectory, "mirror.pub.pem");
        await File.WriteAllTextAsync(keyFile, pem);
        Assert.Equal(0, Run(copy, "openssl", "dgst", "-sha256", "-verify", keyFile, "-signature", MirrorManifest.SignatureFileName, MirrorManifest.FileName));
        Assert.Equal(0, Run(copy, "sha256sum", "--quiet", "-c", MirrorManifest.FileName));

        var victim = Path.Combine(copy, "ru", "index.html");
        await File.AppendAllTextAsync(victim, "<p>forged</p>");
        Assert.NotEqual(0, Run(copy, "sha256sum", "--quiet", "-c", MirrorManifest.FileName));
        Assert.Contains("changed: ru/index.html", MirrorManifest.Verify(copy, pem));

        // Hiding the forgery by editing the manifest breaks the signature.
        var manifestPath = Path.Combine(copy, MirrorManifest.FileName);
        var forgedHash = MirrorManifest.Hash(await File.ReadAllBytesAsync(victim));
        var lines = (await File.ReadAllLinesAsync(manifestPath)).Select(l => l.EndsWith("  ru/index.html", StringComparison.Ordinal)
            ? forgedHash + "  ru/index.html" : l);
        await File.WriteAllTextAsync(manifestPath, string.Join('\n', lines) + "\n");
        Assert.Equal(0, Run(copy, "sha256sum", "--quiet", "-c", MirrorManifest.FileName));
        Assert.NotEqual(0, Run(copy, "openssl", "dgst", "-sha256", "-verify", keyFile, "-signature", MirrorManifest.SignatureFileName, MirrorManifest.FileName));
        Assert.Contains("signature does not match the manifest", MirrorManifest.Verify(copy, pem));
    }

    private static string FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
            i++;
        var from = Math.Max(0, i - 150);
        return $"was «{a[from..Math.Min(a.Length, i + 150)]}» now «{b[from..Math.Min(b.Length, i + 150)]}»";
    }

    private static int Run(string workingDirectory, string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex("\\s(href|src|srcset|action)=\"([^\"]*)\"")]
    private static partial Regex LinkAttribute();
}
