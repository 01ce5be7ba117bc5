using System.Diagnostics;
using Baqylau.Auditing;
using Baqylau.Common;
using Baqylau.Organisations;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Baqylau.Tests.Auditing;

/// <summary>The audit hash chain: appended under a lock by concurrent writers, append-only, and verified by the documented command.</summary>
public class AuditChainTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private async Task AddOrganisationsAsync(int count)
    {
        await using var db = fixture.CreateContext();
        for (var i = 0; i < count; i++)
            db.Organisations.Add(TestOrganisations.New("chain", "Тізбек", "Цепочка"));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Concurrent_writers_extend_one_unbroken_chain()
    {
        // Eight writers at once, each saving several entries in one transaction.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => AddOrganisationsAsync(5))));

        await using var db = fixture.CreateContext();
        var chain = await db.AuditEntries.AsNoTracking().OrderBy(a => a.ChainIndex).Select(a => new { a.ChainIndex, a.PreviousHash, a.Hash }).ToListAsync();
        Assert.True(chain.Count >= 40);
        Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), chain.Select(c => c.ChainIndex));
        for (var i = 1; i < chain.Count; i++)
            Assert.Equal(chain[i - 1].Hash, chain[i].PreviousHash);
        Assert.All(chain, c => Assert.Matches("^[0-9a-f]{64}$", c.Hash!));
        var report = await AuditChain.VerifyAsync(db);
        Assert.True(report.Intact, report.FirstBreak?.ToString());
        Assert.Equal(chain[^1].Hash, report.HeadHash);
    }

    [Fact]
    public async Task The_table_refuses_updates_and_deletes()
    {
        await AddOrganisationsAsync(1);
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("""UPDATE "AuditEntries" SET "UserName" = 'nobody'""", connection);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync());
        Assert.Contains("append-only", ex.MessageText, StringComparison.Ordinal);
        await using var delete = new NpgsqlCommand("""DELETE FROM "AuditEntries" """, connection);
        await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task The_verify_command_names_the_first_entry_altered_in_sql()
    {
        await using var db0 = new DatabaseFixture();
        await db0.InitializeAsync();
        try
        {
            await using (var db = db0.CreateContext())
            {
                for (var i = 0; i < 6; i++)
                    db.Organisations.Add(TestOrganisations.New("verify", "Тексеру", "Проверка"));
                await db.SaveChangesAsync();
            }

            var (okCode, okOutput) = await RunVerifyAsync(db0.ConnectionString);
            Assert.True(okCode == 0, okOutput);
            Assert.Contains("OK: 6 audit entries", okOutput, StringComparison.Ordinal);

            // An insider with SQL access rewrites who did something in the third and fifth entries, bypassing the triggers.
            long third, fifth;
            await using (var db = db0.CreateContext())
            {
                var ids = await db.AuditEntries.OrderBy(a => a.ChainIndex).Select(a => a.Id).ToListAsync();
                (third, fifth) = (ids[2], ids[4]);
            }

            await using (var connection = new NpgsqlConnection(db0.ConnectionString))
            {
                await connection.OpenAsync();
                await using var alter = new NpgsqlCommand(
                    """SET session_replication_role = replica; UPDATE "AuditEntries" SET "UserName" = 'someone-else' WHERE "Id" IN (@a, @b);""", connection);
                alter.Parameters.AddWithValue("a", third);
                alter.Parameters.AddWithValue("b", fifth);
                Assert.Equal(2, await alter.ExecuteNonQueryAsync());
            }

            await using (var db = db0.CreateContext())
            {
                var report = await AuditChain.VerifyAsync(db);
                Assert.Equal(third, report.FirstBreak?.EntryId);
            }

            var (brokenCode, brokenOutput) = await RunVerifyAsync(db0.ConnectionString);
            Assert.True(brokenCode == 3, brokenOutput);
            Assert.Contains($"BROKEN: audit entry {third} ", brokenOutput, StringComparison.Ordinal);
        }
        finally
        {
            await db0.DisposeAsync();
        }
    }

    [Fact]
    public async Task Removing_an_entry_from_the_middle_is_found()
    {
        await using var db0 = new DatabaseFixture();
        await db0.InitializeAsync();
        try
        {
            await using (var db = db0.CreateContext())
            {
                for (var i = 0; i < 4; i++)
                    db.Organisations.Add(TestOrganisations.New("gap", "Бос", "Пропуск"));
                await db.SaveChangesAsync();
            }

            long second, third;
            await using (var db = db0.CreateContext())
            {
                var ids = await db.AuditEntries.OrderBy(a => a.ChainIndex).Select(a => a.Id).ToListAsync();
                (second, third) = (ids[1], ids[2]);
            }

            await using (var connection = new NpgsqlConnection(db0.ConnectionString))
            {
                await connection.OpenAsync();
                await using var delete = new NpgsqlCommand("""SET session_replication_role = replica; DELETE FROM "AuditEntries" WHERE "Id" = @id;""", connection);
                delete.Parameters.AddWithValue("id", second);
                await delete.ExecuteNonQueryAsync();
            }

            await using (var db = db0.CreateContext())
                Assert.Equal(third, (await AuditChain.VerifyAsync(db)).FirstBreak?.EntryId);
        }
        finally
        {
            await db0.DisposeAsync();
        }
    }

    /// <summary>Runs the built app with the documented argument, as an operator would.</summary>
    private static async Task<(int Code, string Output)> RunVerifyAsync(string connectionString)
    {
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web", "bin", config, "net10.0", "Baqylau.Web.dll");
        Assert.True(File.Exists(dll), dll);
        var dataDir = Path.Combine(Path.GetTempPath(), "baqylau-verify-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", [dll, "verify-audit"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Baqylau"] = connectionString;
        start.Environment["Baqylau__DataDirectory"] = dataDir;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (Directory.Exists(dataDir))
            Directory.Delete(dataDir, recursive: true);
        return (process.ExitCode, await stdout + await stderr);
    }
}
