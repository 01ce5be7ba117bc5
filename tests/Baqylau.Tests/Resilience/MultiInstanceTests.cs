using System.Diagnostics;
using System.Net;
using Baqylau.Data;
using Baqylau.Demo;
using Baqylau.Publishing;
using Baqylau.Tests.Infrastructure;
using Baqylau.Tests.Web;
using Baqylau.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Resilience;

/// <summary>Two app instances on their own ports, one database and one data folder (as behind a load balancer).</summary>
public class MultiInstanceTests : IAsyncLifetime
{
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
    public async Task A_sign_in_on_one_instance_works_on_the_other_and_a_change_on_one_evicts_the_others_cached_page()
    {
        await using var a = new AppInstance(connectionString, dataDirectory, seedDemo: true);
        await using var b = new AppInstance(connectionString, dataDirectory, seedDemo: false);
        Assert.NotEqual(a.Port, b.Port);
        await b.Services.GetRequiredService<CacheEvictionBus>().Listening.WaitAsync(TimeSpan.FromSeconds(30));

        // One browser (one cookie jar) signs in on A, then is sent to B.
        using var browser = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var onA = a.Http(browser);
        using var onB = b.Http(browser);
        var signIn = await onA.SignInAsync("author@baqylau.local", BaqylauWebFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var workspace = await onB.GetAsync("/workspace/statements");
        Assert.Equal(HttpStatusCode.OK, workspace.StatusCode);
        using var stranger = b.Http();
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetAsync("/workspace/statements")).StatusCode);

        // B caches a public statement page.
        string slug;
        await using (var scope = a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
            slug = (await db.Set<Baqylau.Statements.StatementTranslation>().FirstAsync(t => t.StatementId == DemoIds.Statement20260708 && t.Culture == "ru")).Slug;
        }

        var url = $"/ru/statements/{slug}";
        // A reader with a cookie jar: the first visit sets the culture cookie (never cached), the next are served from the cache.
        using var readerCookies = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var reader = b.Http(readerCookies);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(url)).StatusCode);

        await using (var scope = a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
            var ru = await db.Set<Baqylau.Statements.StatementTranslation>().FirstAsync(t => t.StatementId == DemoIds.Statement20260708 && t.Culture == "ru");
            ru.Title = "Заголовок, изменённый на первом экземпляре";
            await db.SaveChangesAsync();
        }

        // Without an event, B still serves its cached copy: the page really is cached there.
        Assert.DoesNotContain("изменённый на первом экземпляре", await reader.GetStringAsync(url), StringComparison.Ordinal);

        // A announces the change (as publishing does); B drops its copy within a second.
        await using (var scope = a.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IPublicContentEvents>().StatementChangedAsync(DemoIds.Statement20260708);
        var clock = Stopwatch.StartNew();
        var fresh = false;
        while (!fresh && clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            fresh = (await reader.GetStringAsync(url)).Contains("изменённый на первом экземпляре", StringComparison.Ordinal);
            if (!fresh)
                await Task.Delay(50);
        }

        Assert.True(fresh, $"B still served the old page after {clock.ElapsedMilliseconds} ms");
    }
}
