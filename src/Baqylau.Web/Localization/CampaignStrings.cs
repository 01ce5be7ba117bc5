namespace Baqylau.Web;

/// <summary>Marker for the campaign, organisation and home pages' strings in Resources/CampaignStrings.{kk,ru}.resx.</summary>
public sealed class CampaignStrings;
