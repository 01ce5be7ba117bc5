using System.Text.RegularExpressions;
using System.Xml.Linq;
using Baqylau.Campaigns;
using Baqylau.Organisations;

namespace Baqylau.Tests.Localization;

/// <summary>The campaign, organisation and home pages' own resource pair (CampaignStrings.{kk,ru}.resx) is complete and agrees with the code.</summary>
public partial class CampaignStringsTests
{
    private static readonly string ResourceDir = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web", "Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(ResourceDir, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty);

    [Fact]
    public void Composed_keys_have_texts()
    {
        var keys = Read("CampaignStrings.kk.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var needed = Enum.GetNames<CampaignDateKind>().Select(k => $"DateKind_{k}")
            .Concat(Enum.GetNames<StanceKind>().Select(k => $"Stance_{k}"))
            .Concat(Enumerable.Range(1, 12).Select(m => $"Countdown_Until_{m}"))
            .Concat(new[] { "One", "Few", "Many", "Other" }.SelectMany(f => new[] { $"Countdown_Days_{f}", $"Org_IncidentCount_{f}" }));
        var missing = needed.Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
    }



}
