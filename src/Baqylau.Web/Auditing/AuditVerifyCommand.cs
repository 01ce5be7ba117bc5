using Baqylau.Auditing;
using Baqylau.Data;

namespace Baqylau.Web.Auditing;

/// <summary>`Baqylau.Web verify-audit`: checks the audit hash chain and names the first broken entry (docs/operations.md).</summary>
public static class AuditVerifyCommand
{
    public const string Argument = "verify-audit";
    public const int BrokenExitCode = 3;

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var report = await AuditChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<BaqylauDbContext>());
        if (report.FirstBreak is { } broken)
        {
            await output.WriteLineAsync(
                $"BROKEN: audit entry {broken.EntryId} (chain position {broken.ChainIndex}): {broken.Reason}. " +
                $"{report.Entries - 1} entries before it are intact.");
            return BrokenExitCode;
        }

        // The head hash is worth writing down elsewhere: it proves later that no entry was cut off the end.
        await output.WriteLineAsync($"OK: {report.Entries} audit entries, chain intact; head hash {report.HeadHash ?? "(none)"}");
        return 0;
    }
}
