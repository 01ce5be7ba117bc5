using System.Text.RegularExpressions;

namespace Baqylau.Tests.Localization;

/// <summary>
/// The same three promises for every resource set of the web project: each key a component uses exists,
/// each Plural(...) key has its forms, and both languages carry the same placeholders.
/// </summary>
public partial class ResourceSetTests
{
    // Resource set, the localizer's variable name in components (a regex: feeds use lower-case locals), and how many uses the scan must find at least.
    public static TheoryData<string, string, int> Sets => new()
    {
        { "SharedResource", "[Ll]", 50 },
        { "PublicStrings", "[Pp]", 20 },
        { "WorkspaceStrings", "W", 50 },
        { "IncidentStrings", "I", 25 },
        { "CampaignStrings", "C", 25 },
        { "FieldStrings", "F", 30 },
        { "AdminStrings", "A", 100 },
        { "MirrorStrings", "[Mm]", 15 },
        { "SecurityStrings", "Sec", 4 },
        { "DeskStrings", "D", 25 },
        { "AuditStrings", "Au", 1 },
    };

    [Theory]
    [MemberData(nameof(Sets))]
    public void Every_key_a_component_uses_exists(string baseName, string variable, int minimumUses)
    {
        var keys = ResourceFile.Read(baseName, "kk").Keys.ToHashSet(StringComparer.Ordinal);
        var literal = new Regex($@"(?<![A-Za-z0-9_.]){variable}\[""([A-Za-z0-9_]+)""\]");
        var plural = new Regex($@"(?<![A-Za-z0-9_.]){variable}\.Plural\(""([A-Za-z0-9_]+)""");
        var missing = new List<string>();
        var used = 0;
        foreach (var file in ResourceFile.WebSources())
        {
            var text = File.ReadAllText(file);
            foreach (Match m in literal.Matches(text))
            {
                used++;
                if (!keys.Contains(m.Groups[1].Value))
                    missing.Add($"{Path.GetFileName(file)}: {m.Groups[1].Value}");
            }

            foreach (Match m in plural.Matches(text))
            {
                used++;
                var key = m.Groups[1].Value;
                if (!keys.Contains(key + "_One") || !keys.Contains(key + "_Other"))
                    missing.Add($"{Path.GetFileName(file)}: {key}_One/_Other");
            }
        }

        Assert.True(used >= minimumUses, $"only {used} uses of {variable}[...] found: is the pattern still right?");
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Both_languages_carry_the_same_placeholders(string baseName, string variable, int minimumUses)
    {
        _ = (variable, minimumUses);
        var kk = ResourceFile.Read(baseName, "kk");
        var ru = ResourceFile.Read(baseName, "ru");
        Assert.Equal(kk.Keys.Order(), ru.Keys.Order());
        foreach (var (key, value) in kk)
        {
            // Kazakh puts the day before "тамызға дейін"; Russian names voting day instead and takes no argument.
            if (key.StartsWith("Countdown_Until_", StringComparison.Ordinal))
                continue;
            var a = Placeholder().Matches(value).Select(m => m.Value).Distinct().Order().ToArray();
            var b = Placeholder().Matches(ru[key]).Select(m => m.Value).Distinct().Order().ToArray();
            Assert.True(a.SequenceEqual(b), $"{baseName} {key}: kk has {string.Join(',', a)}, ru has {string.Join(',', b)}");
        }
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
