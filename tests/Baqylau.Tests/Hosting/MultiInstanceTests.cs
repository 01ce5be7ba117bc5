using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Xunit.Abstractions;

namespace Baqylau.Tests.Hosting;

/// <summary>
/// Two app processes (<c>dotnet Baqylau.Web.dll</c>, Production settings) on their own loopback ports, one database
/// and one data folder, as two instances behind a load balancer; the test talks to them only over HTTP.
/// </summary>
public partial class MultiInstanceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "multi-process-password-2026";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);
    private string connectionString = string.Empty;
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), $"baqylau-multi-{Guid.NewGuid():N}");

    public async Task InitializeAsync() => connectionString = await TestPostgres.CreateDatabaseAsync("multi");

    public async Task DisposeAsync()
    {
        await TestPostgres.DropDatabaseAsync(connectionString);
        if (Directory.Exists(dataDirectory))
            Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Two_processes_share_sign_in_and_a_publication_on_one_evicts_the_others_cached_page_within_a_second()
    {
        // Migrations once per release, before the instances start (docs/scaling.md), with the app's own command.
        await AppProcess.RunCommandAsync(Settings("migrate", seedDemo: false), StartLimit, "migrate");
        AppProcess? a = null;
        AppProcess? b = null;
        try
        {
            a = await AppProcess.StartAsync("A", Settings("a", seedDemo: true), StartLimit);
            b = await AppProcess.StartAsync("B", Settings("b", seedDemo: false), StartLimit);
            Assert.NotEqual(a.Port, b.Port);
            await WaitUntilListeningAsync("baqylau-b");
            var evictedAfter = await RunScenarioAsync(a, b);
            output.WriteLine($"B served the new page {evictedAfter.TotalMilliseconds:F0} ms after A published");
        }
        catch (Exception ex) when (a is not null)
        {
            // The instances' own words are the first thing to read when this fails.
            throw new InvalidOperationException($"{ex.Message}\n--- A ---\n{a?.RecentLog}\n--- B ---\n{b?.RecentLog}", ex);
        }
        finally
        {
            if (b is not null)
                await b.DisposeAsync();
            if (a is not null)
                await a.DisposeAsync();
        }

        // Both used the one data folder: one set of key files, made by whichever needed it first.
        Assert.True(File.Exists(Path.Combine(dataDirectory, "keys", "dataprotection.key")));
        Assert.True(File.Exists(Path.Combine(dataDirectory, "keys", "internal-fields.key")));
    }

    private static async Task<TimeSpan> RunScenarioAsync(AppProcess a, AppProcess b)
    {
        // One browser (one cookie jar) signs in on A through the real form, then is sent to B.
        using var browser = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var onA = a.Http(browser);
        using var onB = b.Http(browser);
        var signIn = await onA.SignInAsync("author@baqylau.local", Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var workspace = await onB.GetAsync("/workspace/statements");
        Assert.Equal(HttpStatusCode.OK, workspace.StatusCode);
        using (var strangerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        using (var stranger = b.Http(strangerHandler))
        {
            var refused = await stranger.GetAsync("/workspace/statements");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/account/login", refused.LocationPath(), StringComparison.Ordinal);
        }

        // An editor must enrol a second factor (Production seeds none): the form comes from A, its antiforgery
        // token and the cookie are posted to B, and B's refreshed cookie then opens the workspace on A.
        // The processes run on real time: their clock cannot be moved, so codes use the drift they accept.
        var totp = TotpCodes.RealTime();
        var totpSecret = await EnrolEditorAsync(a, b, totp);

        // A field tool gets a write-API token from A with the editor's password and authenticator code.
        using var toolHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var tool = a.Http(toolHandler);
        var token = await tool.PostAsJsonAsync("/api/v1/auth/token",
            new { email = "editor@baqylau.local", password = Password, code = await totp.CodeAsync(totpSecret, "editor@baqylau.local") });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        tool.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        // A reader of B: a timeline search for a word no incident has yet. The first visit sets the culture
        // cookie (never cached); then B serves the page from its output cache (the Age header says so).
        var word = "procmark" + string.Concat(Enumerable.Range(0, 8).Select(_ => (char)('a' + RandomNumberGenerator.GetInt32(26))));
        var url = $"/ru/incidents?q={word}";
        var title = $"Наблюдателя не пустили на участок ({word})";
        using var readerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var reader = b.Http(readerHandler);
        var cached = false;
        for (var i = 0; i < 5 && !cached; i++)
        {
            using var response = await reader.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(title, HtmlText(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            cached = response.Headers.Age is not null;
        }

        Assert.True(cached, "B never served the page from its output cache, so there is nothing to evict");

        // The editor publishes an incident through A.
        var published = await tool.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = new { kk = $"Байқаушы учаскеге жіберілмеді ({word})", ru = title },
            description = new { kk = "Екі процесті тексеру.", ru = "Проверка двух процессов." },
            occurred = new { precision = "day", year = 2026, month = 8, day = 23 },
            category = "observer-removal",
            region = "almaty",
            sources = new[] { new { kind = "link", url = "https://example.org/report", title = "Есеп" } },
            visibility = "public",
        });
        Assert.True(published.StatusCode == HttpStatusCode.Created, $"{(int)published.StatusCode}: {await published.Content.ReadAsStringAsync()}");

        // B drops its copy on A's NOTIFY: the next request renders afresh and finds the incident, within a second.
        var clock = Stopwatch.StartNew();
        var fresh = false;
        while (!fresh && clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            fresh = HtmlText(await reader.GetStringAsync(url)).Contains(title, StringComparison.Ordinal);
            if (!fresh)
                await Task.Delay(50);
        }

        Assert.True(fresh, $"B still served the old page {clock.ElapsedMilliseconds} ms after A published");
        return clock.Elapsed;
    }

    /// <summary>Signs the editor in on A, enrols an authenticator through A's form posted to B; returns its secret.</summary>
    private static async Task<string> EnrolEditorAsync(AppProcess a, AppProcess b, TotpCodes totp)
    {
        using var browser = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var onA = a.Http(browser);
        using var onB = b.Http(browser);
        var signIn = await onA.SignInAsync("editor@baqylau.local", Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var toEnrol = await onA.GetAsync("/workspace");
        Assert.Equal(HttpStatusCode.Redirect, toEnrol.StatusCode);
        var enrolUrl = toEnrol.LocationPath()!;
        Assert.StartsWith("/account/manage/enable-authenticator", enrolUrl, StringComparison.Ordinal);

        var form = await onA.GetStringAsync(enrolUrl);
        var secret = SharedKey().Match(form);
        Assert.True(secret.Success, "no authenticator key on the enrolment page");
        var totpSecret = secret.Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var enrolled = await onB.PostAsync(enrolUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "enable-authenticator",
            ["__RequestVerificationToken"] = WebTestHelpers.AntiforgeryToken(form),
            ["Input.Code"] = await totp.CodeAsync(totpSecret, "editor@baqylau.local"),
        }));
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Contains("alert--ok", await enrolled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/workspace")).StatusCode);
        return totpSecret;
    }

    /// <summary>B's cache-eviction listener (its LISTEN connection, by application name) is connected.</summary>
    private async Task WaitUntilListeningAsync(string applicationName)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var cmd = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @app AND query LIKE 'LISTEN %'", conn);
            cmd.Parameters.AddWithValue("app", applicationName);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0)
                return;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{applicationName} never listened for cache evictions");
            await Task.Delay(100);
        }
    }

    /// <summary>What an operator sets for each instance: Production, the shared database and data folder.</summary>
    private Dictionary<string, string> Settings(string name, bool seedDemo) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        // The application name tells the instances' connections apart in pg_stat_activity.
        ["ConnectionStrings__Baqylau"] = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = $"baqylau-{name}" }.ConnectionString,
        ["Baqylau__DataDirectory"] = dataDirectory,
        ["Baqylau__MigrateOnStart"] = "false",
        ["Baqylau__SeedDemo"] = seedDemo ? "true" : "false",
        ["BAQYLAU_DEMO_PASSWORD"] = Password,
        // Every request here comes from one address.
        ["Baqylau__RateLimits__Enabled"] = "false",
    };

    /// <summary>Page text with HTML entities decoded (Cyrillic is written as characters, but quotes may be escaped).</summary>
    private static string HtmlText(string html) => WebUtility.HtmlDecode(html);

    [GeneratedRegex("<kbd class=\"secret\">([^<]+)</kbd>")]
    private static partial Regex SharedKey();
}
