using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Baqylau.Common;

/// <summary>Role checks every workspace service starts with; each refusal is logged (<see cref="AccessRefusals"/>).</summary>
public static class StaffRules
{
    public static void RequireStaff(StaffUser user, ILogger logger, [CallerMemberName] string operation = "")
    {
        if (!user.IsStaff)
            throw Refused(user, logger, operation);
    }

    public static void RequireEditor(StaffUser user, ILogger logger, [CallerMemberName] string operation = "")
    {
        if (!user.IsEditor)
            throw Refused(user, logger, operation);
    }

    /// <summary>Only the Admin role keeps campaigns, organisations, accounts, taxonomies and the audit log.</summary>
    public static void RequireAdmin(StaffUser user, ILogger logger, [CallerMemberName] string operation = "")
    {
        if (!user.IsAdmin)
            throw Refused(user, logger, operation);
    }

    /// <summary>Logs the refusal and returns the exception to throw.</summary>
    public static ForbiddenException Refused(StaffUser user, ILogger logger, [CallerMemberName] string operation = "")
    {
        AccessRefusals.Role(logger, user.UserId, operation);
        return new ForbiddenException();
    }

    /// <summary>Logs that another organisation's item was asked for and returns the "not found" to throw.</summary>
    public static NotFoundException OtherOrganisation(StaffUser user, ILogger logger, string entityType, object id, [CallerMemberName] string operation = "")
    {
        AccessRefusals.OtherOrganisation(logger, user.UserId, entityType, id, operation);
        return new NotFoundException();
    }
}
