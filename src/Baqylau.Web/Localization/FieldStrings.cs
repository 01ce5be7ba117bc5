namespace Baqylau.Web;

/// <summary>
/// Marker for Resources/FieldStrings.{kk,ru}.resx: the strings of the token API for field tools and bots, the
/// taxonomy page and the incident editor's additions (autosave, statement links, conflict view).
/// </summary>
public sealed class FieldStrings;
