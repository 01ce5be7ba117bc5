namespace Baqylau.Web;

/// <summary>Marker for the audit log's strings in Resources/AuditStrings.{kk,ru}.resx: entity, field, value and operation names.</summary>
public sealed class AuditStrings;
