using System.Text.Json;
using Baqylau.Accounts;
using Baqylau.Data;
using Baqylau.Localization;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Mail;

/// <summary>Someone to write to, with the language they chose for the workspace.</summary>
public sealed record MailRecipient(Guid? UserId, string Email, string Culture);

/// <summary>
/// Queues mail on the caller's context, so the message is saved by the caller's own SaveChanges: in the same
/// transaction as the action it reports, and never without it.
/// </summary>
public static class MailOutbox
{
    public static OutgoingMail Enqueue(BaqylauDbContext db, TimeProvider clock, MailRecipient to, string kind, IReadOnlyDictionary<string, string> args,
        string? dedupeKey = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(to);
        var now = clock.GetUtcNow();
        var mail = new OutgoingMail
        {
            Kind = kind,
            To = to.Email,
            Culture = Cultures.IsSupported(to.Culture) ? to.Culture.ToLowerInvariant() : Cultures.Default,
            UserId = to.UserId,
            ArgsJson = JsonSerializer.Serialize(args),
            CreatedAt = now,
            NextAttemptAt = now,
            DedupeKey = dedupeKey,
        };
        db.Add(mail);
        return mail;
    }

    public static async Task<MailRecipient?> UserAsync(BaqylauDbContext db, Guid userId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && u.IsActive && u.Email != null)
            .Select(u => new MailRecipient(u.Id, u.Email!, u.PreferredCulture))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Active members of an organisation in a role.</summary>
    public static Task<List<MailRecipient>> InRoleAsync(BaqylauDbContext db, string role, Guid? organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var normalized = role.ToUpperInvariant();
        var users = db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.Email != null
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalized)));
        if (organisationId is { } org)
            users = users.Where(u => u.OrganisationId == org);
        return users.OrderBy(u => u.NormalizedEmail).Select(u => new MailRecipient(u.Id, u.Email!, u.PreferredCulture)).ToListAsync(ct);
    }

    public static Task<List<MailRecipient>> AdminsAsync(BaqylauDbContext db, CancellationToken ct) => InRoleAsync(db, Roles.Admin, null, ct);
}
