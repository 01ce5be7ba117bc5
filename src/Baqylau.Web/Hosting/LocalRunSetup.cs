using Baqylau.Local.Demo;
using Microsoft.Extensions.Options;

namespace Baqylau.Web.Hosting;

/// <summary>What a local run adds: the demo content on request, and migrations at start in Development.</summary>
public static class LocalRunSetup
{
    public static IServiceCollection AddLocalRuns(this IServiceCollection services)
    {
        services.AddScoped<DemoSeeder>();
        return services;
    }

    /// <summary>Migrations in Development (or when asked), then demo content when asked.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<BaqylauOptions>>().Value;
        if (app.Environment.IsDevelopment() || options.MigrateOnStart)
        {
            await DatabaseSetup.MigrateAsync(app.Services);
            app.Logger.LogInformation("Database schema is up to date");
        }

        if (!options.SeedDemo)
            return;

        await using var scope = app.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        var config = app.Configuration;
        var totp = app.Environment.IsDevelopment() ? config["BAQYLAU_DEMO_TOTP_SECRET"] : null;
        var result = await seeder.SeedAsync(new DemoSeedOptions(config["BAQYLAU_DEMO_PASSWORD"], totp), CancellationToken.None);
        PrintAccounts(result, totp is not null);
    }

    // Straight to the terminal, never through the logger: a generated password must not reach log storage.
    private static void PrintAccounts(DemoSeedResult result, bool totp)
    {
        var lines = new List<string> { string.Empty, "Demo accounts:" };
        lines.AddRange(result.Accounts.Select(a => "  " + a));
        if (result.GeneratedPassword is { } password)
            lines.Add($"  password (generated now, shown once): {password}");
        else if (result.Seeded)
            lines.Add("  password: the value of BAQYLAU_DEMO_PASSWORD");
        else
            lines.Add("  password: as set when the demo was first seeded (BAQYLAU_DEMO_PASSWORD, or the one printed then)");
        if (totp)
            lines.Add("  admin and editor are enrolled in TOTP with BAQYLAU_DEMO_TOTP_SECRET");
        foreach (var (account, codes) in result.RecoveryCodes)
            lines.Add($"  recovery codes for {account} (shown once): {string.Join(' ', codes)}");
        Console.Out.WriteLine(string.Join(Environment.NewLine, lines) + Environment.NewLine);
    }
}
