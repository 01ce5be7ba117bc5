namespace Baqylau.Web;

/// <summary>
/// Marker for the public site's statement strings in Resources/PublicStrings.{kk,ru}.resx (statement page, list
/// filters, corrections log, feeds). Kept apart from SharedResource so features add keys without touching one file.
/// </summary>
public sealed class PublicStrings;
