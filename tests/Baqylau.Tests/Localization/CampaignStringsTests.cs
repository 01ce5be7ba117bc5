using System.Text.RegularExpressions;
using System.Xml.Linq;
using Baqylau.Campaigns;
using Baqylau.Organisations;
using Baqylau.Tests.Infrastructure;

namespace Baqylau.Tests.Localization;

/// <summary>The campaign, organisation and home pages' own resource pair (CampaignStrings.{kk,ru}.resx) is complete and agrees with the code.</summary>
public partial class CampaignStringsTests
{
    private static readonly string ResourceDir = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web", "Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(ResourceDir, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty);

    [Fact]
    public void Every_literal_C_key_in_the_web_project_exists()
    {
        var keys = Read("CampaignStrings.kk.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var webDir = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web");
        var missing = new List<string>();
        var used = 0;
        foreach (var file in Directory.EnumerateFiles(webDir, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in LiteralKey().Matches(text).Concat(PluralKey().Matches(text)))
            {
                used++;
                var key = m.Groups[1].Value;
                var isPlural = m.Value.Contains("Plural", StringComparison.Ordinal);
                if (isPlural ? !keys.Contains(key + "_One") || !keys.Contains(key + "_Other") : !keys.Contains(key))
                    missing.Add($"{Path.GetFileName(file)}: {key}");
            }
        }

        Assert.True(used > 25, $"only {used} uses found: is the pattern still right?");
        Assert.Empty(missing);
    }

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

    [Fact]
    public void Placeholders_agree_between_languages()
    {
        var kk = Read("CampaignStrings.kk.resx");
        var ru = Read("CampaignStrings.ru.resx");
        Assert.Equal(kk.Keys.Order(), ru.Keys.Order());
        foreach (var (key, value) in kk)
        {
            // Kazakh puts the day before "тамызға дейін"; Russian names voting day instead and takes no argument.
            if (key.StartsWith("Countdown_Until_", StringComparison.Ordinal))
                continue;
            var a = Placeholder().Matches(value).Select(m => m.Value).Order().ToArray();
            var b = Placeholder().Matches(ru[key]).Select(m => m.Value).Order().ToArray();
            Assert.True(a.SequenceEqual(b), $"{key}: kk has {string.Join(',', a)}, ru has {string.Join(',', b)}");
        }
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<![A-Za-z0-9_.])C\[""([A-Za-z0-9_]+)""\]")]
    private static partial Regex LiteralKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_.])C\.Plural\(""([A-Za-z0-9_]+)""")]
    private static partial Regex PluralKey();
}
