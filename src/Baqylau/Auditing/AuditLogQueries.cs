using System.Text.Json;
using System.Text.Json.Nodes;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Auditing;

/// <summary>Filter of the audit log: who, what entity, which action, and days in Kazakhstan time (both inclusive).</summary>
public sealed record AuditFilter
{
    /// <summary>Part of the actor's name (e-mail), case-insensitive; "system" finds seeding and background jobs.</summary>
    public string? User { get; init; }

    public string? EntityType { get; init; }

    public string? EntityId { get; init; }

    public AuditAction? Action { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }
}

/// <summary>One field's change. <see cref="Hidden"/>: an internal or secret field, recorded as changed without values.</summary>
public sealed record AuditChange(string Field, string? Before, string? After, bool Hidden);

public sealed record AuditRow(long Id, DateTimeOffset At, Guid? UserId, string? UserName, string EntityType, string EntityId, AuditAction Action,
    IReadOnlyList<AuditChange> Changes);

/// <summary>
/// The admin's audit log viewer and export. Entries are append-only; this only reads them, except that an export
/// adds an Export entry of its own (who exported which filter), saved before the file is handed out.
/// </summary>
public sealed class AuditLogQueries(IDbContextFactory<BaqylauDbContext> contexts, IAuditActor actor, TimeProvider clock, ILogger<AuditLogQueries> logger)
{
    /// <summary>Upper bound of one export, so a careless click cannot exhaust memory; narrow the filter for more.</summary>
    public const int MaxExportRows = 100_000;

    public const string AuditLogEntity = "AuditLog";

    /// <summary>Sorted by "At" (default, newest first), "UserName", "EntityType" or "Action".</summary>
    public async Task<PagedResult<AuditRow>> ListAsync(StaffUser user, AuditFilter filter, string? sortBy, bool descending, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var q = Filtered(db, filter);
        var total = await q.CountAsync(ct);
        q = (sortBy, descending) switch
        {
            (nameof(AuditRow.UserName), false) => q.OrderBy(a => a.UserName).ThenByDescending(a => a.Id),
            (nameof(AuditRow.UserName), true) => q.OrderByDescending(a => a.UserName).ThenByDescending(a => a.Id),
            (nameof(AuditRow.EntityType), false) => q.OrderBy(a => a.EntityType).ThenByDescending(a => a.Id),
            (nameof(AuditRow.EntityType), true) => q.OrderByDescending(a => a.EntityType).ThenByDescending(a => a.Id),
            (nameof(AuditRow.Action), false) => q.OrderBy(a => a.Action).ThenByDescending(a => a.Id),
            (nameof(AuditRow.Action), true) => q.OrderByDescending(a => a.Action).ThenByDescending(a => a.Id),
            (nameof(AuditRow.At), false) => q.OrderBy(a => a.Id),
            _ => q.OrderByDescending(a => a.Id),
        };
        var (p, size, skip) = WorkspaceLists.Paging(page, pageSize);
        var rows = await q.Skip(skip).Take(size).ToListAsync(ct);
        return new PagedResult<AuditRow>(rows.Select(ToRow).ToList(), total, p, size);
    }

    /// <summary>The entity types present in the log, for the filter's list.</summary>
    public async Task<IReadOnlyList<string>> EntityTypesAsync(StaffUser user, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        return await db.AuditEntries.AsNoTracking().Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
    }

    /// <summary>Role ids to role names (a role change is stored by id), so the viewer can word it; a handful of rows.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RoleNamesAsync(StaffUser user, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var roles = await db.Roles.AsNoTracking().Where(r => r.Name != null).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        return roles.ToDictionary(r => r.Id.ToString(), r => r.Name!, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every entry matching the filter (oldest first, at most <see cref="MaxExportRows"/>), after recording the export itself.</summary>
    public async Task<IReadOnlyList<AuditRow>> ExportAsync(StaffUser user, AuditFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        // Recorded first: an export that fails half-way was still asked for.
        var details = new JsonObject
        {
            ["filter"] = new JsonObject { ["after"] = JsonSerializer.SerializeToNode(filter, JsonColumn.Options) },
        };
        AuditNotes.Add(db, actor, clock, AuditLogEntity, "csv", AuditAction.Export, "AuditLogExported", details);
        await db.SaveChangesAsync(ct);
        var rows = await Filtered(db, filter).OrderBy(a => a.Id).Take(MaxExportRows).ToListAsync(ct);
        logger.LogInformation("Audit log exported by {UserId}: {Count} entries", user.UserId, rows.Count);
        return rows.Select(ToRow).ToList();
    }

    private static IQueryable<AuditEntry> Filtered(BaqylauDbContext db, AuditFilter filter)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (TextRules.TrimmedOrNull(filter.User) is { } who)
        {
            var pattern = TextRules.ContainsPattern(who);
            q = q.Where(a => a.UserName != null && EF.Functions.ILike(a.UserName, pattern, "\\"));
        }

        if (TextRules.TrimmedOrNull(filter.EntityType) is { } type)
            q = q.Where(a => a.EntityType == type);
        if (TextRules.TrimmedOrNull(filter.EntityId) is { } id)
            q = q.Where(a => a.EntityId == id);
        if (filter.Action is { } action)
            q = q.Where(a => a.Action == action);
        if (filter.From is { } from)
        {
            var start = StartOfDay(from);
            q = q.Where(a => a.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1));
            q = q.Where(a => a.At < end);
        }

        return q;
    }

    /// <summary>Midnight in Kazakhstan as UTC: staff think of days in local time.</summary>
    private static DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Datelines.Kazakhstan.GetUtcOffset(local)).ToUniversalTime();
    }

    internal static AuditRow ToRow(AuditEntry a) =>
        new(a.Id, a.At, a.UserId, a.UserName, a.EntityType, a.EntityId, a.Action, Changes(a.Changes));

    /// <summary>Field changes from the stored JSON; a field stored as "changed" (internal or secret) keeps no value here either.</summary>
    internal static IReadOnlyList<AuditChange> Changes(string json)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return [];
        }

        if (root is null)
            return [];
        var list = new List<AuditChange>();
        foreach (var (field, node) in root)
        {
            if (node is not JsonObject change)
            {
                list.Add(new AuditChange(field, null, null, Hidden: true));
                continue;
            }

            if (change.ContainsKey("changed"))
            {
                list.Add(new AuditChange(field, null, null, Hidden: true));
                continue;
            }

            list.Add(new AuditChange(field, Text(change["before"]), Text(change["after"]), Hidden: false));
        }

        return list;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(JsonColumn.Options),
    };
}
