using System.Text.RegularExpressions;
using Baqylau.Mail;

namespace Baqylau.Tests.Mail;

public partial class MailStringsTests
{
    /// <summary>Every kind of message has a subject and a body in both languages, with the same named placeholders.</summary>
    [Fact]
    public void Every_kind_has_both_languages_with_the_same_placeholders()
    {
        var kk = ResourceFile.Read("MailStrings", "kk");
        var ru = ResourceFile.Read("MailStrings", "ru");
        Assert.Equal(kk.Keys.Order(StringComparer.Ordinal), ru.Keys.Order(StringComparer.Ordinal));
        var problems = new List<string>();
        foreach (var key in MailKinds.All.SelectMany(k => new[] { k + "_Subject", k + "_Body" }).Append("Greeting").Append("Footer"))
        {
            if (!kk.TryGetValue(key, out var a) || !ru.TryGetValue(key, out var b))
            {
                problems.Add("missing " + key);
                continue;
            }

            var pa = string.Join(',', Placeholder().Matches(a).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal));
            var pb = string.Join(',', Placeholder().Matches(b).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal));
            if (pa != pb)
                problems.Add($"{key}: kk {pa} / ru {pb}");
        }

        Assert.Empty(problems);
        Assert.True(MailKinds.All.Count >= 9);
    }

    [GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial Regex Placeholder();
}
