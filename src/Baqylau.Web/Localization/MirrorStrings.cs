namespace Baqylau.Web;

/// <summary>Marker for the static mirror, reconnect banner and outage page strings in Resources/MirrorStrings.{kk,ru}.resx.</summary>
public sealed class MirrorStrings;
