using Baqylau.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baqylau.Auditing;

/// <summary>Thresholds for unusual volume (Baqylau:AuditAlerts): that many reads within the window make an alert.</summary>
public sealed class AuditAlertOptions
{
    public const string Section = "Baqylau:AuditAlerts";

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far back the dashboard looks.</summary>
    public TimeSpan LookBack { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Internal parts read by one account within the window.</summary>
    public int InternalViews { get; set; } = 20;

    /// <summary>Evidence files downloaded by one account within the window.</summary>
    public int Downloads { get; set; } = 20;

    /// <summary>Exports by one account within the window (an export is already bulk).</summary>
    public int Exports { get; set; } = 3;

    /// <summary>How often new alerts are looked for and mailed to the admins.</summary>
    public TimeSpan MailInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>One account read more than usual: the busiest window, its count and when it began.</summary>
public sealed record AuditAlert(Guid? UserId, string? UserName, AuditAction Action, int Count, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Finds accounts that read internal parts, downloaded evidence or exported data in unusual volume: an
/// infiltrated account harvesting observer identities shows up here, for admins, even if it changes nothing.
/// </summary>
public sealed class AuditAlerts(IDbContextFactory<BaqylauDbContext> contexts, TimeProvider clock, IOptions<AuditAlertOptions> options)
{
    public async Task<IReadOnlyList<AuditAlert>> RecentAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var since = clock.GetUtcNow() - o.LookBack;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var reads = await db.AuditEntries.AsNoTracking()
            .Where(a => a.At >= since && (a.Action == AuditAction.View || a.Action == AuditAction.Download || a.Action == AuditAction.Export))
            .OrderBy(a => a.At)
            .Select(a => new { a.UserId, a.UserName, a.Action, a.At })
            .ToListAsync(ct);
        var alerts = new List<AuditAlert>();
        foreach (var group in reads.GroupBy(r => (r.UserId, r.Action)))
        {
            var threshold = group.Key.Action switch
            {
                AuditAction.View => o.InternalViews,
                AuditAction.Download => o.Downloads,
                _ => o.Exports,
            };
            var times = group.Select(r => r.At).ToList();
            // Sliding window over the sorted times: the largest count of reads within any Window.
            var (best, bestStart) = (0, 0);
            for (int start = 0, end = 0; end < times.Count; end++)
            {
                while (times[end] - times[start] > o.Window)
                    start++;
                if (end - start + 1 > best)
                    (best, bestStart) = (end - start + 1, start);
            }

            if (best >= threshold)
                alerts.Add(new AuditAlert(group.Key.UserId, group.Last().UserName, group.Key.Action, best, times[bestStart], times[bestStart + best - 1]));
        }

        return alerts.OrderByDescending(a => a.To).ToList();
    }
}
