using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.DataGen;

// Not a top-level program: the test project references this one and Baqylau.Web, and both would define "Program".
internal static class DataGenProgram
{
    public static async Task<int> Main(string[] args)
    {
        // dotnet run --project benchmarks/Baqylau.DataGen -c Release -- "<connection string>" [incidents] [statements]
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: Baqylau.DataGen <connection string> [incidents=100000] [statements=10000]");
            return 2;
        }

        var incidents = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var statements = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var options = new DbContextOptionsBuilder<BaqylauDbContext>()
            .UseNpgsql(args[0], o => o.CommandTimeout(1800)) // building the search indexes over 100,000 rows takes minutes
            .Options;
        await using var db = new BaqylauDbContext(options);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (i, s) = await new BenchmarkData(db).GenerateAsync(incidents, statements, progress: m => Console.Error.WriteLine(m));
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        Console.WriteLine($"generated {i} incidents and {s} statements in {started.Elapsed.TotalSeconds:F0} s");
        return 0;
    }
}
