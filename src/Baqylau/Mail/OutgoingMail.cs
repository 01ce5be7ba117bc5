using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baqylau.Mail;

public enum MailStatus
{
    Queued,
    Sending,
    Sent,
    Failed,
}

/// <summary>What a message is about: each kind has a subject and a body in MailStrings (kk, ru).</summary>
public static class MailKinds
{
    public const string Invitation = "Invitation";
    public const string PasswordReset = "PasswordReset";
    public const string PasswordChanged = "PasswordChanged";
    public const string TwoFactorChanged = "TwoFactorChanged";
    public const string NewDevice = "NewDevice";
    public const string StatementSubmitted = "StatementSubmitted";
    public const string StatementSentBack = "StatementSentBack";
    public const string StatementPublished = "StatementPublished";
    public const string AuditAlert = "AuditAlert";

    public static IReadOnlyList<string> All { get; } =
        [Invitation, PasswordReset, PasswordChanged, TwoFactorChanged, NewDevice, StatementSubmitted, StatementSentBack, StatementPublished, AuditAlert];
}

/// <summary>
/// One message in the outbox. A user's action only adds a row (in its own save); the sender delivers it later, so a
/// mail server that is down delays mail, never the action. The arguments (names, titles, a link that may carry a
/// one-time token) are rendered in the recipient's language when sent and wiped afterwards: the outbox keeps who,
/// what kind and when, not what was said.
/// </summary>
public sealed class OutgoingMail
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Kind { get; set; } = string.Empty;

    public string To { get; set; } = string.Empty;

    /// <summary>"kk" or "ru": the recipient's language when the message was queued.</summary>
    public string Culture { get; set; } = "kk";

    public Guid? UserId { get; set; }

    /// <summary>JSON object of string arguments; null once sent or failed.</summary>
    public string? ArgsJson { get; set; }

    public MailStatus Status { get; set; } = MailStatus.Queued;

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When queued: the next try; when sending: the end of the claim.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Messages that must go once only (an alert) carry a key; a second one with the same key is not queued.</summary>
    public string? DedupeKey { get; set; }

    public IReadOnlyDictionary<string, string> Args() =>
        ArgsJson is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(ArgsJson) ?? [];
}

internal sealed class OutgoingMailConfiguration : IEntityTypeConfiguration<OutgoingMail>
{
    public void Configure(EntityTypeBuilder<OutgoingMail> b)
    {
        b.ToTable("OutgoingMail");
        b.Property(m => m.Kind).HasMaxLength(50);
        b.Property(m => m.To).HasMaxLength(256);
        b.Property(m => m.Culture).HasMaxLength(10);
        b.Property(m => m.ArgsJson).HasColumnType("jsonb");
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.LastError).HasMaxLength(500);
        b.Property(m => m.DedupeKey).HasMaxLength(200);
        // The sender's query: due rows by time.
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        b.HasIndex(m => m.CreatedAt);
        b.HasIndex(m => m.DedupeKey).IsUnique();
    }
}
