using Baqylau.Incidents;

namespace Baqylau.Tests.Incidents;

public class IncidentSearchTextTests
{
    [Theory]
    [InlineData("байқаушылар", "байқаушы")]
    [InlineData("байқаушыларды", "байқаушы")]
    [InlineData("учаскеден", "учаске")]
    [InlineData("қазақстандағы", "қазақстан")]
    [InlineData("казакстандагы", "казакстан")]
    [InlineData("ұйымның", "ұйым")]
    [InlineData("интернет", "интернет")]
    [InlineData("шығарылды", "шығарыл")]
    [InlineData("сотта", "сот")]
    [InlineData("ел", "ел")]
    public void Kazakh_endings_are_stripped_to_a_searchable_stem(string word, string stem)
    {
        Assert.Equal(stem, IncidentSearchText.KazakhStem(word));
        Assert.StartsWith(stem, word, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Байқаушылар  учаскеден", "байқаушы:* & учаске:*")]
    [InlineData("байқаушылар байқаушыларды", "байқаушы:*")]
    [InlineData("a:* | !b & (c", "a:* & b:* & c:*")]
    [InlineData("'; DROP TABLE x; --", "drop:* & table:* & x:*")]
    [InlineData("№5 учаскеден", "5:* & учаске:*")]
    public void The_prefix_query_holds_only_letters_and_digits(string typed, string expected) =>
        Assert.Equal(expected, IncidentSearchText.PrefixTsQuery(typed));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(":* & | ! ( ) '")]
    public void Nothing_searchable_gives_no_query(string typed) => Assert.Null(IncidentSearchText.PrefixTsQuery(typed));

    [Fact]
    public void Folded_patterns_match_russian_keyboard_typing_and_skip_short_words()
    {
        Assert.Equal(["%казакстан%"], IncidentSearchText.FoldedPatterns("Қазақстандағы в"));
        Assert.Equal(["%байкаушы%"], IncidentSearchText.FoldedPatterns("байкаушылар"));
        Assert.True(IncidentSearchText.FoldedPatterns("а б в г д е ж з и к л м н о п").Count == 0);
        Assert.True(IncidentSearchText.FoldedPatterns("один два три четыре пять шесть").Count <= IncidentSearchText.MaxFoldedWords);
    }
}
