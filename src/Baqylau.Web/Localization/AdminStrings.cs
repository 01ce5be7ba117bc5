namespace Baqylau.Web;

/// <summary>Marker for the admin workspace's strings in Resources/AdminStrings.{kk,ru}.resx.</summary>
public sealed class AdminStrings;
