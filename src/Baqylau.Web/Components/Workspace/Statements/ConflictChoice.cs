namespace Baqylau.Web.Components.Workspace.Statements;

public enum ConflictChoice
{
    KeepTheirs = 0,
    KeepMine = 1,
}
