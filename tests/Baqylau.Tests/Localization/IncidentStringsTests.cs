using System.Text.RegularExpressions;
using System.Xml.Linq;
using Baqylau.Incidents;

namespace Baqylau.Tests.Localization;

/// <summary>The incident pages' own resource pair (IncidentStrings.{kk,ru}.resx) is complete and agrees with the code.</summary>
public partial class IncidentStringsTests
{
    private static readonly string ResourceDir = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web", "Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(ResourceDir, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty);

    [Fact]
    public void Composed_keys_have_texts()
    {
        var keys = Read("IncidentStrings.kk.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var needed = IncidentFilter.ParameterNames.Append("after").Select(p => $"Param_{p}")
            .Concat(Enum.GetNames<SourceKind>().Select(k => $"Source_{k}"))
            .Concat(["Timeline_Count_One", "Timeline_Count_Few", "Timeline_Count_Many", "Timeline_Count_Other"]);
        var missing = needed.Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
    }



}
