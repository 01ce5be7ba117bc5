namespace Baqylau.Auditing;

public enum AuditAction
{
    Insert = 0,
    Update = 1,
    Delete = 2,
    View = 3,
    Download = 4,
    Export = 5,
    SignIn = 6,
    Other = 7,
}

/// <summary>Append-only record of who changed (or viewed) what, with the values before and after.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid? UserId { get; set; }

    public string? UserName { get; set; }

    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>JSON object: field name → { "before": …, "after": … }; internal fields carry "changed" without values.</summary>
    public string Changes { get; set; } = "{}";

    /// <summary>Position in the hash chain (1, 2, …), set by the database under a lock (see AuditChain).</summary>
    public long ChainIndex { get; set; }

    /// <summary>Hash of the entry before this one in the chain (empty for the first); set by the database.</summary>
    public string? PreviousHash { get; set; }

    /// <summary>SHA-256 (hex) over the previous hash and this entry's fields; set by the database.</summary>
    public string? Hash { get; set; }
}
