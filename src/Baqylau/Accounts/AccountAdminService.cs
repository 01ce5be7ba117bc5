using Baqylau.Auditing;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Mail;
using Baqylau.Statements;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Accounts;

public sealed record AccountAdminRow(Guid Id, string Email, string DisplayName, string? Role, string? OrganisationName, bool IsActive,
    bool TwoFactorEnabled, bool HasPassword, DateTimeOffset CreatedAt);

/// <remarks>Sorts by "Email", "DisplayName", "CreatedAt", "IsActive"; anything else sorts by e-mail.</remarks>
public sealed record AccountAdminQuery : SortedPageQuery
{
    public string? Search { get; init; }

    public string? Role { get; init; }

    public Guid? OrganisationId { get; init; }

    /// <summary>Null shows both.</summary>
    public bool? Active { get; init; }
}

public sealed class AccountForm
{
    public Guid? Id { get; set; }

    public string? Email { get; set; }

    public string? DisplayName { get; set; }

    public string Role { get; set; } = Roles.Author;

    public Guid? OrganisationId { get; set; }

    public string PreferredCulture { get; set; } = Cultures.Kazakh;

    public bool IsActive { get; set; } = true;

    public bool TwoFactorEnabled { get; set; }

    public bool HasPassword { get; set; }
}

/// <summary>
/// A one-time invitation: the account id and a token that sets the first password. The token is shown once to the
/// admin (a link to pass on should the e-mail not arrive) and sent by e-mail; it is never logged or audited, and the
/// outbox keeps it only until the message is sent.
/// </summary>
public sealed record Invitation(Guid UserId, string Token);

/// <summary>
/// The admin side of staff accounts: invite, assign role and organisation, reset the second factor, deactivate
/// (never delete) and sign out everywhere. Every change goes through Identity's <see cref="UserManager{TUser}"/>
/// on the same context, so the <see cref="AuditInterceptor"/> records it; actions that are more than a field
/// change also get an explicit audit note naming the operation (never a secret).
/// </summary>
public sealed class AccountAdminService(
    IDbContextFactory<BaqylauDbContext> contexts,
    AccountWorkFactory accounts,
    IAuditActor actor,
    TimeProvider clock,
    ILogger<AccountAdminService> logger)
{
    /// <summary>Token purpose of invitations (Identity's password-reset provider: bound to the security stamp, so one use).</summary>
    public const string InvitationPurpose = "ResetPassword";

    public async Task<PagedResult<AccountAdminRow>> ListAsync(StaffUser user, AccountAdminQuery query, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var lang = Cultures.Current;
        var q = db.Users.AsNoTracking();
        if (TextRules.TrimmedOrNull(TextRules.Cleaned(query.Search ?? string.Empty)) is { } search)
        {
            var pattern = "%" + TextRules.EscapeLike(search) + "%";
            q = q.Where(u => EF.Functions.ILike(u.Email!, pattern, "\\") || EF.Functions.ILike(u.DisplayName, pattern, "\\"));
        }

        if (query.OrganisationId is { } org)
            q = q.Where(u => u.OrganisationId == org);
        if (query.Active is { } active)
            q = q.Where(u => u.IsActive == active);
        if (TextRules.TrimmedOrNull(TextRules.Cleaned(query.Role ?? string.Empty)) is { } role)
        {
            var normalized = role.ToUpperInvariant();
            q = q.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalized)));
        }

        var total = await q.CountAsync(ct);
        q = (query.SortBy, query.Descending) switch
        {
            (nameof(AccountAdminRow.DisplayName), false) => q.OrderBy(u => u.DisplayName),
            (nameof(AccountAdminRow.DisplayName), true) => q.OrderByDescending(u => u.DisplayName),
            (nameof(AccountAdminRow.CreatedAt), false) => q.OrderBy(u => u.CreatedAt),
            (nameof(AccountAdminRow.CreatedAt), true) => q.OrderByDescending(u => u.CreatedAt),
            (nameof(AccountAdminRow.IsActive), false) => q.OrderBy(u => u.IsActive).ThenBy(u => u.NormalizedEmail),
            (nameof(AccountAdminRow.IsActive), true) => q.OrderByDescending(u => u.IsActive).ThenBy(u => u.NormalizedEmail),
            (_, true) => q.OrderByDescending(u => u.NormalizedEmail),
            _ => q.OrderBy(u => u.NormalizedEmail),
        };
        var (page, size, skip) = WorkspaceLists.Paging(query.Page, query.PageSize);
        var rows = await q.Skip(skip).Take(size)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).OrderBy(n => n).FirstOrDefault(),
                Org = u.Organisation != null ? u.Organisation.Name : null,
                u.IsActive,
                u.TwoFactorEnabled,
                HasPassword = u.PasswordHash != null,
                u.CreatedAt,
            })
            .ToListAsync(ct);
        return new PagedResult<AccountAdminRow>(
            rows.Select(r => new AccountAdminRow(r.Id, r.Email ?? string.Empty, r.DisplayName, r.Role, r.Org?.In(lang), r.IsActive, r.TwoFactorEnabled, r.HasPassword, r.CreatedAt)).ToList(),
            total, page, size);
    }

    public async Task<AccountForm> GetAsync(StaffUser user, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var u = await db.Users.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException();
        var role = await db.UserRoles.Where(ur => ur.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).OrderBy(n => n).FirstOrDefaultAsync(ct);
        return new AccountForm
        {
            Id = u.Id,
            Email = u.Email,
            DisplayName = u.DisplayName,
            Role = role ?? Roles.Author,
            OrganisationId = u.OrganisationId,
            PreferredCulture = u.PreferredCulture,
            IsActive = u.IsActive,
            TwoFactorEnabled = u.TwoFactorEnabled,
            HasPassword = u.PasswordHash is not null,
        };
    }

    /// <summary>Creates an account without a password and returns its one-time invitation.</summary>
    /// <exception cref="ValidationException">Nothing was saved.</exception>
    public async Task<Invitation> InviteAsync(StaffUser user, AccountForm form, CancellationToken ct = default)
    {
        await using var work = await accounts.OpenAsync(ct);
        var (db, users) = (work.Db, work.Users);
        StaffRules.RequireAdmin(user, logger);
        var errors = await ValidateAsync(db, form, ct);
        var email = TextRules.TrimmedOrNull(form.Email);
        if (errors.All(e => e.Field != "Email") && email is not null && await users.FindByEmailAsync(email) is not null)
            errors.Add(new ValidationError(AdminErrors.EmailTaken, "Email"));
        if (errors.Count > 0)
            throw new ValidationException(errors);

        var account = new BaqylauUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = form.DisplayName!.Trim(),
            OrganisationId = form.OrganisationId,
            PreferredCulture = Cultures.IsSupported(form.PreferredCulture) ? form.PreferredCulture : Cultures.Kazakh,
            CreatedAt = clock.GetUtcNow(),
        };
        var token = await work.InTransactionAsync(async () =>
        {
            Check(await users.CreateAsync(account));
            Check(await users.AddToRoleAsync(account, form.Role));
            var token = await users.GeneratePasswordResetTokenAsync(account);
            AuditNotes.Add(db, actor, clock, nameof(BaqylauUser), account.Id.ToString(), AuditAction.Other, "Invited");
            QueueInvitation(db, account, token);
            await db.SaveChangesAsync(ct);
            return token;
        }, ct);
        logger.LogInformation("Account {UserId} invited by {AdminId}", account.Id, user.UserId);
        return new Invitation(account.Id, token);
    }

    /// <summary>A fresh invitation for an account that has not set a password yet; earlier links stop working.</summary>
    public async Task<Invitation> ReinviteAsync(StaffUser user, Guid id, CancellationToken ct = default)
    {
        await using var work = await accounts.OpenAsync(ct);
        var (db, users) = (work.Db, work.Users);
        StaffRules.RequireAdmin(user, logger);
        var account = await FindAsync(users, id);
        // Only pending invitations: handing out a way into an account someone already uses would let an admin take it over.
        if (account.PasswordHash is not null || !account.IsActive)
            throw new ConflictException();
        Check(await users.UpdateSecurityStampAsync(account));
        var token = await users.GeneratePasswordResetTokenAsync(account);
        AuditNotes.Add(db, actor, clock, nameof(BaqylauUser), account.Id.ToString(), AuditAction.Other, "Reinvited");
        QueueInvitation(db, account, token);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Account {UserId} re-invited by {AdminId}", account.Id, user.UserId);
        return new Invitation(account.Id, token);
    }

    /// <summary>
    /// Sets the first password with an invitation token. The token is used up: setting the password changes the
    /// security stamp the token is bound to. Returns Identity's error codes, empty on success.
    /// </summary>
    public async Task<IReadOnlyList<string>> AcceptInvitationAsync(Guid userId, string token, string password, CancellationToken ct = default)
    {
        await using var work = await accounts.OpenAsync(ct);
        var (db, users) = (work.Db, work.Users);
        var account = await users.FindByIdAsync(userId.ToString());
        if (account is null || !account.IsActive || account.PasswordHash is not null
            || !await users.VerifyUserTokenAsync(account, users.Options.Tokens.PasswordResetTokenProvider, InvitationPurpose, token))
            return ["InvalidToken"];
        var result = await users.ResetPasswordAsync(account, token, password);
        if (!result.Succeeded)
            return result.Errors.Select(e => e.Code).ToList();
        AuditNotes.Add(db, SelfActor(account), clock, nameof(BaqylauUser), account.Id.ToString(), AuditAction.Other, "InvitationAccepted");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Account {UserId} accepted its invitation", account.Id);
        return [];
    }

    /// <summary>Changes name, role, organisation and workspace language; the role change ends the account's sessions.</summary>
    public async Task UpdateAsync(StaffUser user, AccountForm form, CancellationToken ct = default)
    {
        await using var work = await accounts.OpenAsync(ct);
        var (db, users) = (work.Db, work.Users);
        StaffRules.RequireAdmin(user, logger);
        var account = await FindAsync(users, form.Id ?? Guid.Empty);
        var errors = await ValidateAsync(db, form, ct);
        var email = TextRules.TrimmedOrNull(form.Email);
        if (errors.All(e => e.Field != "Email") && email is not null && await users.FindByEmailAsync(email) is { } other && other.Id != account.Id)
            errors.Add(new ValidationError(AdminErrors.EmailTaken, "Email"));
        var currentRoles = await users.GetRolesAsync(account);
        // An admin cannot demote themselves: the platform must never be left without anyone to fix it.
        if (account.Id == user.UserId && form.Role != Roles.Admin)
            errors.Add(new ValidationError(AdminErrors.OwnAccount, "Role"));
        if (errors.Count > 0)
            throw new ValidationException(errors);

        await work.InTransactionAsync(async () =>
        {
            var organisationChanged = account.OrganisationId != form.OrganisationId;
            account.DisplayName = form.DisplayName!.Trim();
            account.OrganisationId = form.OrganisationId;
            account.PreferredCulture = Cultures.IsSupported(form.PreferredCulture) ? form.PreferredCulture : account.PreferredCulture;
            if (!string.Equals(account.Email, email, StringComparison.OrdinalIgnoreCase))
            {
                account.Email = email;
                account.UserName = email;
            }

            var roleChanged = !(currentRoles.Count == 1 && currentRoles[0] == form.Role);
            if (roleChanged)
            {
                Check(await users.RemoveFromRolesAsync(account, currentRoles));
                Check(await users.AddToRoleAsync(account, form.Role));
            }

            if (roleChanged || organisationChanged)
            {
                // Role and organisation are claims in the cookie: a new stamp makes every session pick up the change.
                Check(await users.UpdateSecurityStampAsync(account));
            }
            else
            {
                Check(await users.UpdateAsync(account));
            }

        }, ct);
        logger.LogInformation("Account {UserId} updated by {AdminId}", account.Id, user.UserId);
    }

    /// <summary>Deactivates (or reactivates) an account. Deactivated accounts cannot sign in and their sessions end.</summary>
    public async Task SetActiveAsync(StaffUser user, Guid id, bool active, CancellationToken ct = default)
    {
        await using var work = await accounts.OpenAsync(ct);
        var (db, users) = (work.Db, work.Users);
        StaffRules.RequireAdmin(user, logger);
        if (id == user.UserId)
            throw new RuleException(AdminErrors.OwnAccount);
        var account = await FindAsync(users, id);
        if (account.IsActive == active)
            return;
        account.IsActive = active;
        // The new stamp fails every cookie and live circuit at their next check.
        Check(await users.UpdateSecurityStampAsync(account));
        logger.LogInformation("Account {UserId} active={Active} by {AdminId}", id, active, user.UserId);
    }

    /// <summary>Removes the authenticator and recovery codes; Editors and Admins must enrol again at their next sign-in.</summary>
    public async Task ResetTwoFactorAsync(StaffUser user, Guid id, CancellationToken ct = default)
    {
        await using var work = await accounts.OpenAsync(ct);
        var (db, users) = (work.Db, work.Users);
        StaffRules.RequireAdmin(user, logger);
        var account = await FindAsync(users, id);
        await work.InTransactionAsync(async () =>
        {
            Check(await users.SetTwoFactorEnabledAsync(account, false));
            Check(await users.RemoveAuthenticationTokenAsync(account, "[AspNetUserStore]", "RecoveryCodes"));
            // A new random key (and a new stamp): the old authenticator's codes are worthless from now on.
            Check(await users.ResetAuthenticatorKeyAsync(account));
            AuditNotes.Add(db, actor, clock, nameof(BaqylauUser), account.Id.ToString(), AuditAction.Other, "TwoFactorReset");
            if (account.Email is not null && account.IsActive)
            {
                // The owner hears of it: an admin account taken over would otherwise strip second factors unseen.
                MailOutbox.Enqueue(db, clock, new MailRecipient(account.Id, account.Email, account.PreferredCulture), MailKinds.TwoFactorChanged, new Dictionary<string, string>
                {
                    ["Name"] = account.DisplayName,
                    ["At"] = clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    ["Link"] = "/account/manage",
                });
            }

            await db.SaveChangesAsync(ct);
        }, ct);
        logger.LogInformation("Second factor of {UserId} reset by {AdminId}", id, user.UserId);
    }

    /// <summary>Ends every session of the account: a new security stamp fails all its cookies and live circuits.</summary>
    public async Task SignOutEverywhereAsync(StaffUser user, Guid id, CancellationToken ct = default)
    {
        await using var work = await accounts.OpenAsync(ct);
        var (db, users) = (work.Db, work.Users);
        StaffRules.RequireAdmin(user, logger);
        var account = await FindAsync(users, id);
        await work.InTransactionAsync(async () =>
        {
            Check(await users.UpdateSecurityStampAsync(account));
            AuditNotes.Add(db, actor, clock, nameof(BaqylauUser), account.Id.ToString(), AuditAction.Other, "SignedOutEverywhere");
            await db.SaveChangesAsync(ct);
        }, ct);
        logger.LogInformation("Sessions of {UserId} ended by {AdminId}", id, user.UserId);
    }

    /// <summary>The link a person follows to set their first password.</summary>
    public static string InvitationPath(Guid userId, string token) => $"/account/invitation?user={userId}&token={Uri.EscapeDataString(token)}";

    private void QueueInvitation(BaqylauDbContext db, BaqylauUser account, string token) =>
        MailOutbox.Enqueue(db, clock, new MailRecipient(account.Id, account.Email!, account.PreferredCulture), MailKinds.Invitation, new Dictionary<string, string>
        {
            ["Name"] = account.DisplayName,
            ["Link"] = InvitationPath(account.Id, token),
        });

    private static async Task<BaqylauUser> FindAsync(UserManager<BaqylauUser> users, Guid id) =>
        await users.FindByIdAsync(id.ToString()) ?? throw new NotFoundException();

    private static async Task<List<ValidationError>> ValidateAsync(BaqylauDbContext db, AccountForm form, CancellationToken ct)
    {
        var errors = new List<ValidationError>();
        var email = TextRules.TrimmedOrNull(form.Email);
        if (email is null)
            errors.Add(new ValidationError(AdminErrors.Required, "Email"));
        else if (email.Length > 256 || !TextRules.IsClean(email) || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
            errors.Add(new ValidationError(AdminErrors.EmailInvalid, "Email"));
        var name = TextRules.TrimmedOrNull(form.DisplayName);
        if (name is null)
            errors.Add(new ValidationError(AdminErrors.Required, "DisplayName"));
        else if (name.Length > 200)
            errors.Add(new ValidationError(AdminErrors.TooLong, "DisplayName"));
        else if (!TextRules.IsClean(name))
            errors.Add(new ValidationError(ErrorKeys.InvalidCharacters, "DisplayName"));
        if (!Roles.All.Contains(form.Role))
            errors.Add(new ValidationError(AdminErrors.RoleInvalid, "Role"));
        // Authors and Editors work for one organisation; only an Admin may belong to none.
        if (form.OrganisationId is { } org)
        {
            if (!await db.Organisations.AnyAsync(o => o.Id == org && !o.IsArchived, ct))
                errors.Add(new ValidationError(ErrorKeys.OrganisationRequired, "Organisation"));
        }
        else if (form.Role != Roles.Admin)
        {
            errors.Add(new ValidationError(ErrorKeys.OrganisationRequired, "Organisation"));
        }

        return errors;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new RuleException(result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName") ? AdminErrors.EmailTaken : ErrorKeys.Conflict);
    }

    /// <summary>The invited person is not signed in when they accept: the entry names them.</summary>
    private static FixedActor SelfActor(BaqylauUser account) => new FixedActor(account.Id, account.UserName);

    private sealed class FixedActor(Guid id, string? name) : IAuditActor
    {
        public Guid? UserId => id;

        public string? UserName => name;
    }
}
