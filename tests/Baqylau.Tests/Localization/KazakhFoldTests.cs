using System.Text.RegularExpressions;
using Baqylau.Localization;
using Xunit;

namespace Baqylau.Tests.Localization;

public partial class KazakhFoldTests
{
    [Theory]
    [InlineData("Қазақстан әділет үкіметі", "казакстан адилет укимети")]
    [InlineData("ӘҒҚҢӨҰҮҺІЁ", "агкноуухие")]
    [InlineData("әғқңөұүһіё", "агкноуухие")]
    [InlineData("Ёлка, Выборы 2026!", "елка, выборы 2026!")]
    [InlineData("", "")]
    public void Fold_lowers_and_maps_kazakh_letters(string text, string expected)
    {
        Assert.Equal(expected, KazakhFold.Fold(text));
    }

    [Fact]
    public void Sql_template_formats_to_the_expected_expression()
    {
        Assert.Equal("translate(lower(\"Title\"), 'әғқңөұүһіё', 'агкноуухие')",
            KazakhFold.SqlExpression("\"Title\""));
        Assert.Equal("translate(lower(@q), 'әғқңөұүһіё', 'агкноуухие')",
            KazakhFold.SqlExpressionTemplate.Replace("{0}", "@q", StringComparison.Ordinal));
    }

    [Fact]
    public void Sql_translate_maps_exactly_the_letters_the_csharp_fold_maps()
    {
        var match = TranslateArgs().Match(KazakhFold.SqlExpressionTemplate);
        Assert.True(match.Success);
        var from = match.Groups["from"].Value;
        var to = match.Groups["to"].Value;

        Assert.Equal(10, from.Length);
        Assert.Equal(from.Length, to.Length);
        Assert.Equal(from.Length, from.Distinct().Count());
        for (var i = 0; i < from.Length; i++)
        {
            // Lower and upper case both fold to the SQL replacement, since SQL lowers first.
            Assert.Equal(to[i].ToString(), KazakhFold.Fold(from[i].ToString()));
            Assert.Equal(to[i].ToString(), KazakhFold.Fold(char.ToUpperInvariant(from[i]).ToString()));
        }

        // Nothing outside the SQL list is changed by the C# fold other than lower-casing.
        const string Russian = "абвгдежзийклмнопрстуфхцчшщъыьэюя";
        Assert.Equal(Russian, KazakhFold.Fold(Russian.ToUpperInvariant()));
    }

    [GeneratedRegex("^translate\\(lower\\(\\{0\\}\\), '(?<from>[^']*)', '(?<to>[^']*)'\\)$")]
    private static partial Regex TranslateArgs();
}
