namespace Baqylau.Web.Components.Shared;

public enum ConflictChoice
{
    KeepTheirs = 0,
    KeepMine = 1,
}

/// <summary>One field of a conflict: its label, the server's value and the user's, shown side by side.</summary>
public sealed record ConflictField(string Label, string Theirs, string Mine);
