using Baqylau.Localization;
using Xunit;

namespace Baqylau.Tests.Localization;

public class PluralTests
{
    [Theory]
    [InlineData(0, "Many")]
    [InlineData(1, "One")]
    [InlineData(2, "Few")]
    [InlineData(4, "Few")]
    [InlineData(5, "Many")]
    [InlineData(11, "Many")]
    [InlineData(12, "Many")]
    [InlineData(14, "Many")]
    [InlineData(21, "One")]
    [InlineData(22, "Few")]
    [InlineData(25, "Many")]
    [InlineData(101, "One")]
    [InlineData(111, "Many")]
    [InlineData(112, "Many")]
    [InlineData(1000, "Many")]
    [InlineData(-1, "One")]
    [InlineData(-22, "Few")]
    [InlineData(long.MinValue, "Many")] // ...808
    public void Russian_categories(long n, string expected)
    {
        Assert.Equal(expected, Plural.Category("ru", n));
    }

    [Theory]
    [InlineData(1, "One")]
    [InlineData(2, "Other")]
    [InlineData(5, "Other")]
    [InlineData(0, "Other")]
    [InlineData(21, "Other")]
    public void Kazakh_categories(long n, string expected)
    {
        Assert.Equal(expected, Plural.Category("kk", n));
    }

    [Fact]
    public void Unknown_language_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Plural.Category("en", 1));
    }
}
