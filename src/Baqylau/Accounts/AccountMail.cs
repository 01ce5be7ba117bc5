using System.Security.Cryptography;
using System.Text;
using Baqylau.Auditing;
using Baqylau.Data;
using Baqylau.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Accounts;

/// <summary>
/// What an account hears by e-mail about itself: a link to reset a forgotten password, and notices of a changed
/// password or second factor and of a sign-in from a new browser. Each is queued in the outbox in the account's
/// language; none is sent during the request.
/// </summary>
public sealed class AccountMail(AccountWorkFactory accounts, TimeProvider clock, ILogger<AccountMail> logger)
{
    public const string ResetPath = "/account/reset-password";

    /// <summary>At most one reset message per account in this time: the form must not become a way to flood a mailbox.</summary>
    public static readonly TimeSpan ResetThrottle = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Queues a one-time reset link for an active account with this address. Does the same work (a token) and answers
    /// the same whether or not there is one: the caller shows one answer, so the form tells nobody which addresses exist.
    /// </summary>
    public async Task RequestPasswordResetAsync(string? email, CancellationToken ct = default)
    {
        await using var work = await accounts.OpenAsync(ct);
        var (db, users) = (work.Db, work.Users);
        var address = TextRules.TrimmedOrNull(email);
        var account = address is not null && address.Length <= 256 && TextRules.IsClean(address) ? await users.FindByEmailAsync(address) : null;
        if (account is not { IsActive: true, Email: not null })
        {
            // A token for nobody: comparable time on both paths.
            await users.GeneratePasswordResetTokenAsync(new BaqylauUser());
            return;
        }

        var since = clock.GetUtcNow() - ResetThrottle;
        if (await db.OutgoingMail.AnyAsync(m => m.UserId == account.Id && m.Kind == MailKinds.PasswordReset && m.CreatedAt > since, ct))
        {
            await users.GeneratePasswordResetTokenAsync(new BaqylauUser());
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(account);
        MailOutbox.Enqueue(db, clock, new MailRecipient(account.Id, account.Email, account.PreferredCulture), MailKinds.PasswordReset, new Dictionary<string, string>
        {
            ["Name"] = account.DisplayName,
            ["Link"] = $"{ResetPath}?user={account.Id}&token={Uri.EscapeDataString(token)}",
        });
        AuditNotes.Add(db, new SelfActor(account), clock, nameof(BaqylauUser), account.Id.ToString(), AuditAction.Other, "PasswordResetRequested");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Password reset link queued for {UserId}", account.Id);
    }

    /// <summary>
    /// Sets a new password with a reset token. The token is used up (the new security stamp voids it and every
    /// session), and the account gets a notice. Returns Identity's error codes, empty on success.
    /// </summary>
    public async Task<IReadOnlyList<string>> ResetPasswordAsync(Guid userId, string token, string password, CancellationToken ct = default)
    {
        await using var work = await accounts.OpenAsync(ct);
        var (db, users) = (work.Db, work.Users);
        var account = await users.FindByIdAsync(userId.ToString());
        if (account is not { IsActive: true, Email: not null }
            || !await users.VerifyUserTokenAsync(account, users.Options.Tokens.PasswordResetTokenProvider, AccountAdminService.InvitationPurpose, token))
            return ["InvalidToken"];
        var result = await users.ResetPasswordAsync(account, token, password);
        if (!result.Succeeded)
            return result.Errors.Select(e => e.Code).ToList();
        // The lockout was for guessing the old password; whoever holds the mailbox has now proven it.
        await users.SetLockoutEndDateAsync(account, null);
        await users.ResetAccessFailedCountAsync(account);
        Notice(db, account, MailKinds.PasswordChanged);
        AuditNotes.Add(db, new SelfActor(account), clock, nameof(BaqylauUser), account.Id.ToString(), AuditAction.Other, "PasswordReset");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Password of {UserId} reset by e-mail link", account.Id);
        return [];
    }

    /// <summary>Tells an account that its password or second factor changed (kind: <see cref="MailKinds"/>).</summary>
    public async Task NotifyAsync(Guid userId, string kind, CancellationToken ct = default)
    {
        await using var work = await accounts.OpenAsync(ct);
        var account = await work.Db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (account is not { IsActive: true, Email: not null })
            return;
        Notice(work.Db, account, kind);
        await work.Db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Records a sign-in from a browser (by its device id) and queues a notice when the account has signed in before
    /// but never from this one. The first browser an account ever uses gets no notice: that would be every new account.
    /// </summary>
    /// <returns>Whether the browser was new to an account that had others.</returns>
    public async Task<bool> SignedInFromAsync(Guid userId, string deviceId, CancellationToken ct = default)
    {
        await using var work = await accounts.OpenAsync(ct);
        var db = work.Db;
        var hash = DeviceHash(userId, deviceId);
        var now = clock.GetUtcNow();
        var known = await db.KnownDevices.Where(d => d.UserId == userId && d.Hash == hash).ExecuteUpdateAsync(s => s.SetProperty(d => d.LastSeenAt, now), ct);
        if (known > 0)
            return false;
        var hadOthers = await db.KnownDevices.AnyAsync(d => d.UserId == userId, ct);
        db.KnownDevices.Add(new KnownDevice { UserId = userId, Hash = hash, FirstSeenAt = now, LastSeenAt = now });
        var account = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (hadOthers && account is { IsActive: true, Email: not null })
            Notice(db, account, MailKinds.NewDevice);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two sign-ins from one new browser at once: the other recorded it (and queued the notice).
            return false;
        }

        return hadOthers;
    }

    internal static string DeviceHash(Guid userId, string deviceId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId:N}:{deviceId}")));

    private void Notice(BaqylauDbContext db, BaqylauUser account, string kind) =>
        MailOutbox.Enqueue(db, clock, new MailRecipient(account.Id, account.Email!, account.PreferredCulture), kind, new Dictionary<string, string>
        {
            ["Name"] = account.DisplayName,
            ["At"] = clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["Link"] = "/account/manage",
        });

    /// <summary>The account acts on itself, signed out: its entry names it.</summary>
    private sealed class SelfActor(BaqylauUser account) : IAuditActor
    {
        public Guid? UserId => account.Id;

        public string? UserName => account.UserName;
    }
}
