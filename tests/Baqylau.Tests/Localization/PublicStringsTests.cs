using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
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
    public void Keys_composed_at_run_time_exist()
    {
        var keys = Read("PublicStrings.kk.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var needed = Baqylau.Localization.Cultures.All.Select(l => $"Statement_ReadIn_{l}");
        Assert.All(needed, k => Assert.Contains(k, keys));
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


    // P["Key"] in components, p["Key"] in endpoints that take IStringLocalizer<PublicStrings> p.
}
