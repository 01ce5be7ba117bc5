using Microsoft.EntityFrameworkCore.Metadata;

namespace Baqylau.Auditing;

/// <summary>
/// What the audit interceptor records, read from the EF model: each audited entity type by the name its entries carry,
/// and each recorded field with its CLR type, so the viewer can word a stored value (an enum's number, a date list).
/// </summary>
public sealed class AuditSchema
{
    private readonly Dictionary<string, Dictionary<string, Type>> _fields;

    private AuditSchema(Dictionary<string, Dictionary<string, Type>> fields) => _fields = fields;

    /// <summary>Audited entity type names, as stored in <see cref="AuditEntry.EntityType"/>.</summary>
    public IEnumerable<string> EntityTypes => _fields.Keys;

    /// <summary>Recorded fields of an entity type (complex properties as "Outer.Inner"); empty for an unknown type.</summary>
    public IReadOnlyDictionary<string, Type> FieldsOf(string entityType) =>
        _fields.TryGetValue(entityType, out var fields) ? fields : new Dictionary<string, Type>();

    /// <summary>The CLR type of a recorded field, or null for a field the model does not know (explicit notes, old entries).</summary>
    public Type? TypeOf(string entityType, string field) =>
        _fields.TryGetValue(entityType, out var fields) && fields.TryGetValue(field, out var type) ? type : null;

    public static AuditSchema From(IModel model)
    {
        var result = new Dictionary<string, Dictionary<string, Type>>(StringComparer.Ordinal);
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.IsOwned() || !AuditInterceptor.IsAudited(entity.ClrType))
                continue;
            var fields = new Dictionary<string, Type>(StringComparer.Ordinal);
            foreach (var property in entity.GetProperties())
            {
                if (AuditInterceptor.IsRecorded(property))
                    fields[property.Name] = property.ClrType;
            }

            foreach (var complex in entity.GetComplexProperties())
            {
                foreach (var property in complex.ComplexType.GetProperties())
                    fields[$"{complex.Name}.{property.Name}"] = property.ClrType;
            }

            result[AuditInterceptor.EntityTypeName(entity)] = fields;
        }

        return new AuditSchema(result);
    }
}
