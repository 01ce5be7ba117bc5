using Baqylau.Accounts;

namespace Baqylau.Common;

/// <summary>The acting staff member, as the web layer knows them from the sign-in claims.</summary>
public sealed record StaffUser(Guid UserId, Guid? OrganisationId, IReadOnlyCollection<string> Roles)
{
    /// <summary>Nobody: what a page holds before it knows who is signed in.</summary>
    public static StaffUser None { get; } = new(Guid.Empty, null, []);

    /// <summary>Admins keep the platform (organisations, accounts): they see every organisation's items.</summary>
    public bool IsAdmin => Roles.Contains(Accounts.Roles.Admin);

    /// <summary>Editors (and admins) review, publish, correct and retract.</summary>
    public bool IsEditor => IsAdmin || Roles.Contains(Accounts.Roles.Editor);

    public bool IsStaff => IsEditor || Roles.Contains(Accounts.Roles.Author);

    public bool CanAccess(Guid organisationId) => IsAdmin || (IsStaff && OrganisationId == organisationId);
}
