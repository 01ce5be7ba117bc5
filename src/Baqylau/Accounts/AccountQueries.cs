using Baqylau.Common;
using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Accounts;

public sealed record StaffProfile(Guid UserId, string DisplayName, string Email, LocalizedText? OrganisationName, IReadOnlyList<string> Roles, bool TwoFactorEnabled, string PreferredCulture);

/// <summary>The signed-in staff member's own profile, for the workspace dashboard.</summary>
public sealed class AccountQueries(IDbContextFactory<BaqylauDbContext> contexts)
{
    public async Task<StaffProfile?> ProfileAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.DisplayName, u.Email, Org = u.Organisation != null ? u.Organisation.Name : null, u.TwoFactorEnabled, u.PreferredCulture })
            .FirstOrDefaultAsync(ct);
        if (user is null)
            return null;
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .OrderBy(n => n)
            .ToListAsync(ct);
        return new StaffProfile(user.Id, user.DisplayName, user.Email ?? string.Empty, user.Org, roles, user.TwoFactorEnabled, user.PreferredCulture);
    }
}
