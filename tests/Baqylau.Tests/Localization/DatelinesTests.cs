using Baqylau.Localization;
using Xunit;

namespace Baqylau.Tests.Localization;

public class DatelinesTests
{
    private static readonly DateTimeOffset Instant = new(2026, 7, 8, 5, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("kk", "8 шілде 2026 жыл, 10:00")]
    [InlineData("ru", "8 июля 2026, 10:00")]
    public void Format_converts_to_kazakhstan_time(string lang, string expected)
    {
        Assert.Equal(expected, Datelines.Format(Instant, lang));
    }

    [Fact]
    public void Format_uses_the_instant_not_its_offset()
    {
        var moscow = new DateTimeOffset(2026, 7, 8, 8, 0, 0, TimeSpan.FromHours(3));

        Assert.Equal("8 июля 2026, 10:00", Datelines.Format(moscow, "ru"));
    }

    [Theory]
    [InlineData("kk", "1 қаңтар 2027 жыл, 01:30")]
    [InlineData("ru", "1 января 2027, 01:30")]
    public void Format_crosses_midnight_and_year_in_local_time(string lang, string expected)
    {
        var instant = new DateTimeOffset(2026, 12, 31, 20, 30, 0, TimeSpan.Zero);

        Assert.Equal(expected, Datelines.Format(instant, lang));
    }

    [Fact]
    public void Kazakhstan_is_utc_plus_5_in_2026()
    {
        Assert.Equal(TimeSpan.FromHours(5), Datelines.Kazakhstan.GetUtcOffset(Instant));
        Assert.Equal(TimeSpan.FromHours(5), Datelines.Kazakhstan.GetUtcOffset(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("kk", "8 шілде 2026 жыл")]
    [InlineData("ru", "8 июля 2026")]
    [InlineData("RU", "8 июля 2026")]
    public void FormatDate_prints_day_month_year(string lang, string expected)
    {
        Assert.Equal(expected, Datelines.FormatDate(new DateOnly(2026, 7, 8), lang));
    }

    [Theory]
    [InlineData(7, "kk", "2026 жылғы шілде")]
    [InlineData(7, "ru", "июль 2026")]
    [InlineData(5, "kk", "2026 жылғы мамыр")]
    [InlineData(5, "ru", "май 2026")]
    [InlineData(12, "ru", "декабрь 2026")]
    public void FormatMonth_uses_lower_case_nominative_month(int month, string lang, string expected)
    {
        Assert.Equal(expected, Datelines.FormatMonth(2026, month, lang));
    }

    [Fact]
    public void Unknown_language_or_month_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Datelines.Format(Instant, "en"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Datelines.FormatMonth(2026, 13, "ru"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Datelines.FormatMonth(2026, 0, "kk"));
    }
}
