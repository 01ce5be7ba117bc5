using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Baqylau.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Baqylau.Tests.Localization;

public partial class SharedResourceTests
{
    private static readonly string ResourceDir = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web", "Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(ResourceDir, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty);

    [Fact]
    public void Every_resource_file_has_a_twin_with_the_same_keys_and_no_blank_value()
    {
        var kkFiles = Directory.GetFiles(ResourceDir, "*.kk.resx");
        Assert.NotEmpty(kkFiles);
        foreach (var kkFile in kkFiles)
        {
            var baseName = Path.GetFileName(kkFile)[..^".kk.resx".Length];
            var kk = Read($"{baseName}.kk.resx");
            var ru = Read($"{baseName}.ru.resx");
            Assert.Empty(kk.Keys.Except(ru.Keys).Select(k => $"{baseName}.ru.resx lacks {k}"));
            Assert.Empty(ru.Keys.Except(kk.Keys).Select(k => $"{baseName}.kk.resx lacks {k}"));
            Assert.Empty(kk.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{baseName}.kk.resx: {p.Key} is blank"));
            Assert.Empty(ru.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{baseName}.ru.resx: {p.Key} is blank"));
        }

        foreach (var ruFile in Directory.GetFiles(ResourceDir, "*.ru.resx"))
            Assert.True(File.Exists(ruFile.Replace(".ru.resx", ".kk.resx", StringComparison.Ordinal)), $"{ruFile} has no Kazakh twin");
    }

    [Fact]
    public void Every_value_shown_through_a_composed_key_has_a_label()
    {
        var keys = Read("SharedResource.kk.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var needed = Enum.GetNames<Baqylau.Campaigns.CampaignKind>().Select(n => $"CampaignKind_{n}")
            .Concat(Enum.GetNames<Baqylau.Incidents.VerificationStatus>().Select(n => $"Verification_{n}"))
            .Concat(Baqylau.Accounts.Roles.All.Select(r => $"Role_{r}"))
            .Concat(Baqylau.Localization.Cultures.All.Select(l => $"Language_{l}"))
            .Concat(["Statements_Count_One", "Statements_Count_Other", "Incidents_Count_One", "Incidents_Count_Other"]);
        var missing = needed.Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("kk-KZ", "Мәлімдемелер")]
    [InlineData("ru-KZ", "Заявления")]
    public void The_localizer_reads_the_satellite_resources(string culture, string expected)
    {
        var factory = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var localizer = new StringLocalizer<SharedResource>(factory);
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            var text = localizer["Nav_Statements"];
            Assert.False(text.ResourceNotFound);
            Assert.Equal(expected, text.Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }


}
