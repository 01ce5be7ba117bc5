namespace Baqylau.Auditing;

/// <summary>Who is acting now, for the audit trail: the signed-in user, or null for the system (seeding, background jobs).</summary>
public interface IAuditActor
{
    Guid? UserId { get; }

    string? UserName { get; }
}

/// <summary>The system itself: seeding, migrations, scheduled jobs.</summary>
public sealed class SystemAuditActor : IAuditActor
{
    public static SystemAuditActor Instance { get; } = new();

    public Guid? UserId => null;

    public string? UserName => "system";
}
