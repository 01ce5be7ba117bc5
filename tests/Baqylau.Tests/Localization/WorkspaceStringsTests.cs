using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Baqylau.Statements;
using Baqylau.Web;
using Baqylau.Web.Statements.Workspace;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Baqylau.Tests.Localization;

/// <summary>The workspace's own strings (WorkspaceStrings.{kk,ru}.resx): every key the UI or the statement service uses has both texts.</summary>
public partial class WorkspaceStringsTests
{
    private static readonly string ResourceDir = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web", "Resources");

    private static Dictionary<string, string> Read(string lang) =>
        XDocument.Load(Path.Combine(ResourceDir, $"WorkspaceStrings.{lang}.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty);

    [Fact]
    public void Every_key_the_service_returns_or_the_ui_composes_has_a_text()
    {
        var keys = Read("kk").Keys.ToHashSet(StringComparer.Ordinal);
        var needed = StatementErrors.All
            .Concat(Baqylau.Review.ReviewErrors.All)
            .Concat(ErrorKeys.Workspace)
            .Concat(Baqylau.Publishing.ImageErrors.All)
            .Concat(StatementFields.All)
            .Concat(Enum.GetNames<StatementStatus>().Select(s => $"Status_{s}"))
            .Concat(Enum.GetNames<RevisionKind>().Select(k => $"Revision_{k}"))
            .Concat(Baqylau.Localization.Cultures.All.Select(l => $"Lang_{l}"))
            .Concat(StatementForm.TextFields.Select(f => $"Field_{f}"))
            .Concat(["Editor_Saved", "Editor_Autosaved", "Editor_Submitted", "Editor_Published", "Editor_ScheduledNote", "Editor_SentBack",
                "Editor_Corrected", "Editor_Retracted", "Editor_Restored", "Conflict_TookTheirs"]);
        var missing = needed.Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("kk-KZ", "Аударма ескірген")]
    [InlineData("ru-KZ", "Перевод устарел")]
    public void The_localizer_reads_the_satellite_resources(string culture, string expected)
    {
        var factory = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var localizer = new StringLocalizer<WorkspaceStrings>(factory);
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            var text = localizer["Parity_Outdated"];
            Assert.False(text.ResourceNotFound);
            Assert.Equal(expected, text.Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }


}
