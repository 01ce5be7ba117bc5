namespace Baqylau.Web;

/// <summary>Marker for the security features' strings in Resources/SecurityStrings.{kk,ru}.resx (audit alerts on the dashboard).</summary>
public sealed class SecurityStrings;
