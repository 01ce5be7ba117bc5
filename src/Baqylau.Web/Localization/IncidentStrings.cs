namespace Baqylau.Web;

/// <summary>Marker for the incident pages' strings in Resources/IncidentStrings.{kk,ru}.resx (kept apart from SharedResource).</summary>
public sealed class IncidentStrings;
