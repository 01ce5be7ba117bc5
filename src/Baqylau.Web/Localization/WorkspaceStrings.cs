namespace Baqylau.Web;

/// <summary>Marker for the workspace's own UI strings in Resources/WorkspaceStrings.{kk,ru}.resx (statements editor and list).</summary>
public sealed class WorkspaceStrings;
