using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Baqylau.Tests.Infrastructure;
using Baqylau.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Baqylau.Tests.Localization;

/// <summary>The public statement strings (PublicStrings.{kk,ru}.resx), read in components as P["..."].</summary>
public partial class PublicStringsTests
{
    private static readonly string ResourceDir = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web", "Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(ResourceDir, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty);

    [Fact]
    public void Every_literal_P_key_used_in_a_component_exists()
    {
        var keys = Read("PublicStrings.kk.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var webDir = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web");
        var missing = new List<string>();
        var used = 0;
        foreach (var file in Directory.EnumerateFiles(webDir, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match m in LiteralKey().Matches(File.ReadAllText(file)))
            {
                used++;
                if (!keys.Contains(m.Groups[1].Value))
                    missing.Add($"{Path.GetFileName(file)}: {m.Groups[1].Value}");
            }
        }

        Assert.True(used > 20, "the scan found the P[...] uses");
        Assert.Empty(missing);
    }

    [Fact]
    public void Keys_composed_at_run_time_exist()
    {
        var keys = Read("PublicStrings.kk.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var needed = Baqylau.Localization.Cultures.All.Select(l => $"Statement_ReadIn_{l}");
        Assert.All(needed, k => Assert.Contains(k, keys));
    }

    [Fact]
    public void Placeholders_agree_between_languages()
    {
        var kk = Read("PublicStrings.kk.resx");
        var ru = Read("PublicStrings.ru.resx");
        Assert.Equal(kk.Keys.Order(StringComparer.Ordinal), ru.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in kk)
        {
            var a = Placeholder().Matches(value).Select(m => m.Value).Order().ToArray();
            var b = Placeholder().Matches(ru[key]).Select(m => m.Value).Order().ToArray();
            Assert.True(a.SequenceEqual(b), $"{key}: kk has {string.Join(',', a)}, ru has {string.Join(',', b)}");
        }
    }

    [Theory]
    [InlineData("kk-KZ", "Оқи отырыңыз", "Түзету", "Кері қайтарылды")]
    [InlineData("ru-KZ", "Читайте также", "Исправление", "Отозвано")]
    public void The_news_words_read_right_in_both_languages(string culture, string readAlso, string correction, string retracted)
    {
        var factory = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var p = new StringLocalizer<PublicStrings>(factory);
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal(readAlso, p["ReadAlso_Title"].Value);
            Assert.Equal(correction, p["Corrections_Correction"].Value);
            Assert.Equal(retracted, p["Corrections_Retraction"].Value);
            Assert.False(p["Statement_NotInThisLanguage"].ResourceNotFound);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    // P["Key"] in components, p["Key"] in endpoints that take IStringLocalizer<PublicStrings> p.
    [GeneratedRegex(@"\b[Pp]\[""([A-Za-z0-9_]+)""\]")]
    private static partial Regex LiteralKey();
}
