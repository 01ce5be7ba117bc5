namespace Baqylau.Web;

/// <summary>Marker for e-mail subjects and bodies in Resources/MailStrings.{kk,ru}.resx.</summary>
public sealed class MailStrings;
