namespace Baqylau.Mail;

/// <summary>How the SMTP connection is secured (MailKit's SecureSocketOptions by another name, so settings stay readable).</summary>
public enum MailTls
{
    /// <summary>Plain text: only for a catcher on this machine.</summary>
    None,

    /// <summary>STARTTLS, required: the connection fails rather than send in the clear.</summary>
    StartTls,

    /// <summary>STARTTLS when the server offers it, plain text otherwise.</summary>
    StartTlsWhenAvailable,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

/// <summary>Outgoing e-mail (Baqylau:Mail). Without a host nothing is sent: mail waits in the outbox, visible to admins.</summary>
public sealed class MailOptions
{
    public const string Section = "Baqylau:Mail";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public MailTls Tls { get; set; } = MailTls.StartTls;

    /// <summary>Optional: servers that relay only for an account.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>The From address.</summary>
    public string Sender { get; set; } = "baqylau@localhost";

    public string SenderName { get; set; } = "Baqylau";

    /// <summary>
    /// The site's address that links in e-mail start with. Configured, never taken from a request's Host header: a
    /// forged Host would otherwise put an attacker's site in front of a password-reset token.
    /// </summary>
    public string SiteUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Attempts before a message is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed attempt; it doubles with each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the sender looks for due mail.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an instance holds a claimed message before another may take it over (the first one died).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    internal TimeSpan RetryDelay(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstRetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
