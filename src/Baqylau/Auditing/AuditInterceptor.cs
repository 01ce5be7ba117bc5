using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baqylau.Common;
using Baqylau.Data;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Baqylau.Auditing;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every insert, update and delete of a domain entity, in the same
/// SaveChanges (so in the same transaction). Internal fields and secrets are recorded as changed, never by value.
/// </summary>
public sealed class AuditInterceptor(IAuditActor actor, TimeProvider clock) : SaveChangesInterceptor
{
    // Identity columns whose values are secrets or noise; their change is recorded, not their value.
    private static readonly HashSet<string> SecretProperties = new(StringComparer.Ordinal)
    {
        nameof(IdentityUser.PasswordHash),
        nameof(IdentityUser.SecurityStamp),
        nameof(IdentityUser.ConcurrencyStamp),
        nameof(IdentityUserToken<Guid>.Value),
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddEntries(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AddEntries(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    private void AddEntries(DbContext? context)
    {
        if (context is null)
            return;
        context.ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow();
        var entries = new List<AuditEntry>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            if (!IsAudited(entry.Metadata.ClrType))
                continue;
            var action = entry.State switch
            {
                EntityState.Added => AuditAction.Insert,
                EntityState.Deleted => AuditAction.Delete,
                _ => AuditAction.Update,
            };
            var changes = Describe(entry, action);
            if (action == AuditAction.Update && changes.Count == 0)
                continue;
            entries.Add(new AuditEntry
            {
                At = now,
                UserId = actor.UserId,
                UserName = actor.UserName,
                EntityType = EntityTypeName(entry.Metadata),
                EntityId = KeyOf(entry),
                Action = action,
                Changes = changes.ToJsonString(JsonColumn.Options),
            });
        }

        if (entries.Count > 0)
            context.AddRange(entries);
    }

    /// <summary>
    /// Whether changes of this CLR type are audited: not the log itself, keys and tokens, nor queued mail and known
    /// devices (a queued message can hold a one-time link).
    /// </summary>
    public static bool IsAudited(Type clrType) =>
        clrType != typeof(AuditEntry) && clrType != typeof(DataProtectionKey) && clrType != typeof(IdentityUserToken<Guid>)
            && clrType != typeof(IdentityUserLogin<Guid>) && clrType != typeof(IdentityRoleClaim<Guid>)
            && clrType != typeof(Mail.OutgoingMail) && clrType != typeof(Accounts.KnownDevice);

    /// <summary>The name an entry carries for an entity type: the CLR name, or the model name of a shared-type entity.</summary>
    public static string EntityTypeName(IReadOnlyTypeBase type) =>
        type.ClrType == typeof(Dictionary<string, object>) ? type.Name : type.ClrType.Name;

    /// <summary>Whether a property's changes are recorded: not generated shadow columns, not the concurrency version.</summary>
    public static bool IsRecorded(IReadOnlyProperty meta) =>
        !(meta.IsShadowProperty() && meta.ValueGenerated != ValueGenerated.Never && !meta.IsForeignKey())
        && !(meta.IsConcurrencyToken && meta.Name == "Version");

    private static string KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null)
            return string.Empty;
        return string.Join(':', key.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static JsonObject Describe(EntityEntry entry, AuditAction action)
    {
        var classIsInternal = entry.Metadata.ClrType.GetCustomAttribute<InternalAttribute>() is not null;
        var changes = new JsonObject();
        foreach (var property in entry.Properties)
        {
            var meta = property.Metadata;
            if (!IsRecorded(meta))
                continue; // generated search columns, the concurrency version
            AddChange(changes, meta.Name, action, property.IsModified, property.OriginalValue, property.CurrentValue,
                classIsInternal || IsInternal(meta));
        }

        foreach (var complex in entry.ComplexProperties)
        {
            foreach (var property in complex.Properties)
            {
                AddChange(changes, $"{complex.Metadata.Name}.{property.Metadata.Name}", action, property.IsModified,
                    property.OriginalValue, property.CurrentValue, classIsInternal || IsInternal(property.Metadata));
            }
        }

        return changes;
    }

    private static void AddChange(JsonObject changes, string name, AuditAction action, bool modified, object? before, object? after, bool secret)
    {
        switch (action)
        {
            case AuditAction.Insert:
                if (after is null)
                    return;
                changes[name] = secret ? new JsonObject { ["changed"] = true } : new JsonObject { ["after"] = ToNode(after) };
                break;
            case AuditAction.Delete:
                changes[name] = secret ? new JsonObject { ["changed"] = true } : new JsonObject { ["before"] = ToNode(before) };
                break;
            default:
                if (!modified || Equals(before, after) || JsonEquals(before, after))
                    return;
                changes[name] = secret
                    ? new JsonObject { ["changed"] = true }
                    : new JsonObject { ["before"] = ToNode(before), ["after"] = ToNode(after) };
                break;
        }
    }

    private static bool IsInternal(IReadOnlyPropertyBase meta) =>
        SecretProperties.Contains(meta.Name)
        || meta.PropertyInfo?.GetCustomAttribute<InternalAttribute>() is not null;

    private static bool JsonEquals(object? a, object? b) =>
        JsonSerializer.Serialize(a, JsonColumn.Options) == JsonSerializer.Serialize(b, JsonColumn.Options);

    private static JsonNode? ToNode(object? value) =>
        value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType(), JsonColumn.Options);
}
