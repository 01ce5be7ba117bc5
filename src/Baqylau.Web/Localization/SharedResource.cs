namespace Baqylau.Web;

/// <summary>Marker for the shared UI strings in Resources/SharedResource.{kk,ru}.resx.</summary>
public sealed class SharedResource;
