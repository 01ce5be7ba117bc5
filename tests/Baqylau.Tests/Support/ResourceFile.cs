using System.Xml.Linq;

namespace Baqylau.Tests.Support;

/// <summary>Reads the web project's .resx files as the translators edit them.</summary>
public static class ResourceFile
{
    public static string Directory { get; } = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web", "Resources");

    /// <summary>Key → text of <c>{baseName}.{lang}.resx</c>.</summary>
    public static Dictionary<string, string> Read(string baseName, string lang) =>
        XDocument.Load(Path.Combine(Directory, $"{baseName}.{lang}.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty);

    /// <summary>Source files of the web project (components and code), without build output.</summary>
    public static IEnumerable<string> WebSources()
    {
        var webDir = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web");
        var sep = Path.DirectorySeparatorChar;
        return System.IO.Directory.EnumerateFiles(webDir, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                        && !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal)
                        && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal));
    }
}
