namespace Baqylau.Common;

/// <summary>
/// Marks a property whose value is internal-only (identities, notes, secrets): the audit trail records
/// that it changed but never its value, and no public output may read it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, Inherited = true)]
public sealed class InternalAttribute : Attribute;
