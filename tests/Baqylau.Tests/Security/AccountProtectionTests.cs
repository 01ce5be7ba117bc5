using System.Net;
using Baqylau.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Baqylau.Tests.Security;

/// <summary>The app with low limits, to prove sign-in, API and search answer 429 with Retry-After.</summary>
public sealed class LowLimitsFactory : BaqylauWebFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Baqylau:SeedDemo", "false");
        builder.UseSetting("Baqylau:RateLimits:SignInPerMinute", "3");
        builder.UseSetting("Baqylau:RateLimits:ApiPerMinute", "5");
        builder.UseSetting("Baqylau:RateLimits:SearchPerMinute", "4");
    }
}

public class RateLimitTests(LowLimitsFactory factory) : IClassFixture<LowLimitsFactory>
{
    private static async Task AssertThrottledAsync(HttpResponseMessage response, string language)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var seconds = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 60);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(language == "ru" ? "Слишком много запросов" : "Сұраныстар тым көп", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_posts_are_limited_per_address()
    {
        var client = factory.Client("ru");
        for (var i = 0; i < 3; i++)
        {
            var refused = await client.SignInAsync($"nobody{i}@example.org", "wrong-password-123");
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode); // the form again, with its error
        }

        await AssertThrottledAsync(await client.PostFormAsync("/account/login", "login", new()
        {
            ["Input.Email"] = "nobody@example.org",
            ["Input.Password"] = "wrong-password-123",
        }), "ru");
        // Reading the sign-in page is not limited: only the posts are.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task The_api_and_search_are_limited_with_retry_after()
    {
        var client = factory.Client();
        // A scraper walks different URLs (each one real work); the same answer again comes from the output cache,
        // which is served before the limiter because it costs less than the limiter itself.
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/organisations?limit={i + 1}")).StatusCode);
        await AssertThrottledAsync(await client.GetAsync("/api/v1/organisations?limit=6"), "kk");
        var cached = await client.GetAsync("/api/v1/organisations?limit=1");
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.NotNull(cached.Headers.Age);

        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/kk/incidents?q=сайлау{i}")).StatusCode);
        await AssertThrottledAsync(await client.GetAsync("/kk/incidents?q=сайлау"), "kk");
        // Browsing without a search stays open.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/kk/incidents")).StatusCode);
    }
}

/// <summary>Production-like host: HSTS is sent there (and not in Development).</summary>
public sealed class ProductionFactory : BaqylauWebFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Baqylau:SeedDemo", "false");
        builder.UseSetting("Baqylau:MigrateOnStart", "true");
    }
}

public class HstsTests(ProductionFactory factory) : IClassFixture<ProductionFactory>
{
    [Fact]
    public async Task Https_responses_outside_development_carry_hsts()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://baqylau.example/"), AllowAutoRedirect = false });
        var response = await client.GetAsync("/kk");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}

/// <summary>Data Protection keys (auth cookies, antiforgery, TOTP secrets) are useless from a database dump alone.</summary>
[Collection(SecurityWebCollection.Name)]
public class DataProtectionKeyTests(BaqylauWebFactory factory)
{
    private const string CookiePurpose = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware";

    [Fact]
    public async Task The_key_ring_in_the_database_is_encrypted_and_a_dump_alone_cannot_read_an_auth_cookie()
    {
        var client = factory.Client();
        var signedIn = await client.PostFormAsync("/account/login", "login", new()
        {
            ["Input.Email"] = "author@baqylau.local",
            ["Input.Password"] = SecurityWeb.Password,
        });
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("baqylau.auth=", StringComparison.Ordinal));
        var ticket = WebEncoders.Base64UrlDecode(cookie["baqylau.auth=".Length..]);

        // The raw table, as a backup holds it: no key material in the clear.
        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("""SELECT "Xml" FROM "DataProtectionKeys" """, connection);
            await using var reader = await read.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                var xml = reader.GetString(0);
                Assert.Contains("baqylauEncryptedKey", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            }

            Assert.True(rows > 0);
        }

        // The app, with its key file, reads the cookie…
        var appProtector = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(CookiePurpose, "Identity.Application", "v2");
        Assert.NotEmpty(appProtector.Unprotect(ticket));

        // …someone with the same database but without the key file cannot.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<BaqylauDbContext>(o => o.UseNpgsql(factory.ConnectionString));
        services.AddDataProtection().SetApplicationName("Baqylau").PersistKeysToDbContext<BaqylauDbContext>().DisableAutomaticKeyGeneration();
        await using var attacker = services.BuildServiceProvider();
        var protector = attacker.GetRequiredService<IDataProtectionProvider>().CreateProtector(CookiePurpose, "Identity.Application", "v2");
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(ticket));
    }
}

/// <summary>A backup of the database alone does not reveal observer identities: every stored internal value is ciphertext.</summary>
[Collection(SecurityWebCollection.Name)]
public class DataAtRestTests(BaqylauWebFactory factory)
{
    [Fact]
    public async Task The_raw_internal_table_holds_only_ciphertext_even_for_the_demo_content()
    {
        _ = factory.Server;
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("""SELECT "ObserverIdentities", "WitnessIdentities", "Notes" FROM "IncidentInternals" """, connection);
        await using var reader = await read.ExecuteReaderAsync();
        var values = 0;
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < 3; i++)
            {
                if (reader.IsDBNull(i))
                    continue;
                values++;
                var stored = reader.GetString(i);
                Assert.StartsWith("v1:", stored, StringComparison.Ordinal);
                Assert.DoesNotContain("fictional", stored, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.True(values > 10, $"only {values} internal values in the demo");
    }
}

public class PasswordRuleTests(BaqylauWebFactory factory) : IClassFixture<BaqylauWebFactory>
{
    [Theory]
    [InlineData("қызыл алма күзде піседі", true)] // a Kazakh passphrase: no digit, no Latin letter
    [InlineData("ЗИМОЙ И ЛЕТОМ ОДНИМ ЦВЕТОМ", true)] // capitals only
    [InlineData("123456789012", true)] // digits only: length is the one rule
    [InlineData("короткий", false)]
    [InlineData("abcdefghijk", false)] // 11 characters
    public async Task Length_is_the_only_composition_rule(string password, bool accepted)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Baqylau.Accounts.BaqylauUser>>();
        var user = new Baqylau.Accounts.BaqylauUser { UserName = "rules@baqylau.local", Email = "rules@baqylau.local" };
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors.Select(e => e.Code));
        Assert.Equal(accepted, errors.Count == 0);
        if (!accepted)
            Assert.Equal(["PasswordTooShort"], errors);
    }
}
