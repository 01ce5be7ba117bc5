using Baqylau.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Mail;

/// <summary>A row of the outbox as admins see it: who, what kind, where it stands; never the text.</summary>
public sealed record OutboxRow(Guid Id, string Kind, string To, MailStatus Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);

public sealed record OutboxCounts(int Queued, int Sending, int Sent, int Failed);

/// <summary>The outbox for admins: counts and the latest messages, so a mail server that is down shows.</summary>
public sealed class MailQueries(IDbContextFactory<BaqylauDbContext> contexts, ILogger<MailQueries> logger)
{
    public async Task<OutboxCounts> CountsAsync(StaffUser user, CancellationToken ct = default)
    {
        StaffRules.RequireAdmin(user, logger);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var counts = await db.Set<OutgoingMail>().AsNoTracking().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(MailStatus s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        return new OutboxCounts(Of(MailStatus.Queued), Of(MailStatus.Sending), Of(MailStatus.Sent), Of(MailStatus.Failed));
    }

    public async Task<PagedResult<OutboxRow>> ListAsync(StaffUser user, MailStatus? status, int page, int pageSize, CancellationToken ct = default)
    {
        StaffRules.RequireAdmin(user, logger);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var q = db.Set<OutgoingMail>().AsNoTracking();
        if (status is { } s)
            q = q.Where(m => m.Status == s);
        var total = await q.CountAsync(ct);
        var (p, size, skip) = WorkspaceLists.Paging(page, pageSize);
        var rows = await q.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(skip).Take(size)
            .Select(m => new OutboxRow(m.Id, m.Kind, m.To, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError))
            .ToListAsync(ct);
        return new PagedResult<OutboxRow>(rows, total, p, size);
    }
}
