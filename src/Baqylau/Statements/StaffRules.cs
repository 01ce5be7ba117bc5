using System.Runtime.CompilerServices;
using Baqylau.Common;
using Microsoft.Extensions.Logging;

namespace Baqylau.Statements;

/// <summary>Role checks shared by the workspace services (statements, incidents, evidence); each refusal is logged.</summary>
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

    /// <summary>Logs the refusal and returns the exception to throw.</summary>
    public static StatementForbiddenException Refused(StaffUser user, ILogger logger, [CallerMemberName] string operation = "")
    {
        AccessRefusals.Role(logger, user.UserId, operation);
        return new StatementForbiddenException();
    }

    /// <summary>Logs that another organisation's item was asked for and returns the "not found" to throw.</summary>
    public static StatementNotFoundException OtherOrganisation(StaffUser user, ILogger logger, string entityType, Guid id, [CallerMemberName] string operation = "")
    {
        AccessRefusals.OtherOrganisation(logger, user.UserId, entityType, id, operation);
        return new StatementNotFoundException();
    }
}
