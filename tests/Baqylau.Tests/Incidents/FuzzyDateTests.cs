using Baqylau.Incidents;

namespace Baqylau.Tests.Incidents;

public class FuzzyDateTests
{
    // The worked example in DOMAIN.md, one row each, with the label a reader must see in each language.
    public static TheoryData<string, FuzzyDate, string, string> WorkedExample => new()
    {
        { "observers removed, not dated", FuzzyDate.Unknown, "күні белгісіз", "дата неизвестна" },
        { "internet blocked, voting day 2024", FuzzyDate.ForYear(2024), "2024 ж.", "2024 г." },
        { "internet blocked, voting day 2026", FuzzyDate.ForYear(2026), "2026 ж.", "2026 г." },
        { "tax inspections 2020–2021", FuzzyDate.ForYearRange(2020, 2021), "2020–2021", "2020–2021" },
        { "personal-data pretexts 2019–2022", FuzzyDate.ForYearRange(2019, 2022), "2019–2022", "2019–2022" },
        { "covert joining attempts 2023", FuzzyDate.ForYear(2023), "2023 ж.", "2023 г." },
        { "statement of 8 July 2026, 10:00", FuzzyDate.ForTime(new DateOnly(2026, 7, 8), new TimeOnly(10, 0)), "8 шілде 2026 жыл, 10:00", "8 июля 2026, 10:00" },
    };

    [Theory]
    [MemberData(nameof(WorkedExample))]
    public void Worked_example_is_labelled_honestly_in_both_languages(string row, FuzzyDate date, string kk, string ru)
    {
        Assert.True(date.IsValid, row);
        Assert.Equal(kk, date.Display("kk"));
        Assert.Equal(ru, date.Display("ru"));
    }

    [Fact]
    public void Day_and_month_precision_use_news_style()
    {
        Assert.Equal("23 тамыз 2026 жыл", FuzzyDate.ForDay(new DateOnly(2026, 8, 23)).Display("kk"));
        Assert.Equal("23 августа 2026", FuzzyDate.ForDay(new DateOnly(2026, 8, 23)).Display("ru"));
        Assert.Equal("2026 жылғы тамыз", FuzzyDate.ForMonth(2026, 8).Display("kk"));
        Assert.Equal("август 2026", FuzzyDate.ForMonth(2026, 8).Display("ru"));
    }

    [Fact]
    public void Timeline_order_places_ranges_by_start_and_unknown_last()
    {
        var dates = new[]
        {
            FuzzyDate.Unknown,
            FuzzyDate.ForYear(2026),
            FuzzyDate.ForYearRange(2020, 2021),
            FuzzyDate.ForYear(2023),
            FuzzyDate.ForYearRange(2019, 2022),
            FuzzyDate.ForYear(2024),
            FuzzyDate.ForTime(new DateOnly(2026, 7, 8), new TimeOnly(10, 0)),
        };

        var ordered = dates.Order().Select(d => d.ToIsoString()).ToArray();

        Assert.Equal(["2019/2022", "2020/2021", "2023", "2024", "2026", "2026-07-08T10:00+05:00", ""], ordered);
    }

    [Fact]
    public void A_year_heads_its_own_days_and_a_range_is_grouped_under_its_first_year()
    {
        Assert.True(FuzzyDate.ForYear(2024) < FuzzyDate.ForDay(new DateOnly(2024, 1, 1)));
        Assert.Equal(2019, FuzzyDate.ForYearRange(2019, 2022).GroupYear);
        Assert.Null(FuzzyDate.Unknown.GroupYear);
        Assert.Equal(new DateOnly(2022, 12, 31), FuzzyDate.ForYearRange(2019, 2022).EndDay);
        Assert.Equal(new DateOnly(2024, 2, 29), FuzzyDate.ForMonth(2024, 2).EndDay);
    }

    [Fact]
    public void Unknown_date_is_never_given_a_made_up_day()
    {
        Assert.Null(FuzzyDate.Unknown.StartDay);
        Assert.Null(FuzzyDate.Unknown.SortKey);
        Assert.Equal(string.Empty, FuzzyDate.Unknown.ToIsoString());
    }

    [Theory]
    [InlineData(2022, 2019, "FuzzyDate_RangeEndBeforeStart")]
    [InlineData(1800, 1900, "FuzzyDate_YearOutOfRange")]
    public void Invalid_ranges_are_rejected_with_a_reason(int from, int to, string reason)
    {
        var bad = new FuzzyDate { Precision = DatePrecision.YearRange, Year = from, EndYear = to };
        Assert.False(bad.IsValid);
        Assert.Equal(reason, FuzzyDate.Validate(bad));
        Assert.Throws<ArgumentException>(() => FuzzyDate.ForYearRange(from, to));
    }

    [Fact]
    public void Impossible_days_are_rejected()
    {
        var bad = new FuzzyDate { Precision = DatePrecision.Day, Year = 2026, Month = 2, Day = 30 };
        Assert.Equal("FuzzyDate_DayOutOfRange", FuzzyDate.Validate(bad));
        Assert.Equal("FuzzyDate_TimeMissing", FuzzyDate.Validate(bad with { Day = 28, Precision = DatePrecision.Time }));
    }

    [Fact]
    public void Exact_times_before_March_2024_carry_the_old_utc_plus_6_offset()
    {
        Assert.Equal("2023-03-19T10:00+06:00", FuzzyDate.ForTime(new DateOnly(2023, 3, 19), new TimeOnly(10, 0)).ToIsoString());
    }

    [Fact]
    public void An_instant_is_placed_on_Kazakhstan_time()
    {
        var date = FuzzyDate.ForInstant(new DateTimeOffset(2026, 7, 8, 5, 0, 0, TimeSpan.Zero));
        Assert.Equal("2026-07-08T10:00+05:00", date.ToIsoString());
    }
}
