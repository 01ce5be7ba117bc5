using System.Text.Json.Nodes;
using Baqylau.Data;

namespace Baqylau.Auditing;

/// <summary>
/// Audit entries for actions that are not a plain field change (an export, a forced sign-out, an invitation), added
/// to the context so they are saved with the change they describe. Never put a secret in <paramref name="operation"/>.
/// </summary>
public static class AuditNotes
{
    public static AuditEntry Add(BaqylauDbContext db, IAuditActor actor, TimeProvider clock, string entityType, string entityId,
        AuditAction action, string operation, JsonObject? details = null)
    {
        var changes = details ?? new JsonObject();
        changes["operation"] = new JsonObject { ["after"] = operation };
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = actor.UserId,
            UserName = actor.UserName,
            EntityType = entityType,
            EntityId = entityId,
            Action = action,
            Changes = changes.ToJsonString(JsonColumn.Options),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
