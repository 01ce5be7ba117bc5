namespace Baqylau.Web;

/// <summary>Marker for the workspace desk and navigation strings in Resources/DeskStrings.{kk,ru}.resx.</summary>
public sealed class DeskStrings;
