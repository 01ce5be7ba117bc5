namespace Baqylau.Statements;

/// <summary>Role checks shared by the workspace services (statements, incidents, evidence).</summary>
public static class StaffRules
{
    public static void RequireStaff(StaffUser user)
    {
        if (!user.IsStaff)
            throw new StatementForbiddenException();
    }

    public static void RequireEditor(StaffUser user)
    {
        if (!user.IsEditor)
            throw new StatementForbiddenException();
    }
}
