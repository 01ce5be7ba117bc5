using Baqylau.Localization;

namespace Baqylau.Incidents;

/// <summary>How much of a date is known. Ordered from least to most precise.</summary>
public enum DatePrecision
{
    Unknown = 0,
    YearRange = 1,
    Year = 2,
    Month = 3,
    Day = 4,
    Time = 5,
}

/// <summary>
/// A date as precisely as it is known: an exact time, a day, a month, a year, a year range, or unknown.
/// The timeline labels each honestly ("2019–2022", never a made-up 1 January 2019) and places a
/// range by its start. Times are Kazakhstan wall-clock times (UTC+5).
/// </summary>
public sealed record FuzzyDate : IComparable<FuzzyDate>
{
    public const int MinYear = 1991;
    public const int MaxYear = 2100;

    public DatePrecision Precision { get; init; }

    public int? Year { get; init; }

    public int? Month { get; init; }

    public int? Day { get; init; }

    /// <summary>Local (Kazakhstan) time of day, only with <see cref="DatePrecision.Time"/>.</summary>
    public TimeOnly? Time { get; init; }

    /// <summary>Last year of a <see cref="DatePrecision.YearRange"/>.</summary>
    public int? EndYear { get; init; }

    public static FuzzyDate Unknown { get; } = new() { Precision = DatePrecision.Unknown };

    public static FuzzyDate ForYear(int year) => Validated(new() { Precision = DatePrecision.Year, Year = year });

    public static FuzzyDate ForYearRange(int from, int to) =>
        from == to ? ForYear(from) : Validated(new() { Precision = DatePrecision.YearRange, Year = from, EndYear = to });

    public static FuzzyDate ForMonth(int year, int month) =>
        Validated(new() { Precision = DatePrecision.Month, Year = year, Month = month });

    public static FuzzyDate ForDay(DateOnly day) =>
        Validated(new() { Precision = DatePrecision.Day, Year = day.Year, Month = day.Month, Day = day.Day });

    public static FuzzyDate ForTime(DateOnly day, TimeOnly time) =>
        Validated(new() { Precision = DatePrecision.Time, Year = day.Year, Month = day.Month, Day = day.Day, Time = time });

    /// <summary>An exact instant, placed on Kazakhstan's clock.</summary>
    public static FuzzyDate ForInstant(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Datelines.Kazakhstan);
        return ForTime(DateOnly.FromDateTime(local.DateTime), new TimeOnly(local.Hour, local.Minute));
    }

    /// <summary>True when the parts agree with the precision (used to reject bad input with a clear message).</summary>
    public bool IsValid => Validate(this) is null;

    /// <summary>The first day the date can mean; null when unknown. Ranges are placed by their start.</summary>
    public DateOnly? StartDay => Precision switch
    {
        DatePrecision.Unknown => null,
        DatePrecision.YearRange or DatePrecision.Year => new DateOnly(Year!.Value, 1, 1),
        DatePrecision.Month => new DateOnly(Year!.Value, Month!.Value, 1),
        _ => new DateOnly(Year!.Value, Month!.Value, Day!.Value),
    };

    /// <summary>The last day the date can mean; null when unknown. Used for year-range filters.</summary>
    public DateOnly? EndDay => Precision switch
    {
        DatePrecision.Unknown => null,
        DatePrecision.YearRange => new DateOnly(EndYear!.Value, 12, 31),
        DatePrecision.Year => new DateOnly(Year!.Value, 12, 31),
        DatePrecision.Month => new DateOnly(Year!.Value, Month!.Value, 1).AddMonths(1).AddDays(-1),
        _ => StartDay,
    };

    /// <summary>A sortable local timestamp (start of the period); null for unknown dates.</summary>
    public DateTime? SortKey => StartDay is { } d
        ? d.ToDateTime(Time ?? TimeOnly.MinValue, DateTimeKind.Unspecified)
        : null;

    /// <summary>The year the timeline groups this date under; null for the "date unknown" group.</summary>
    public int? GroupYear => Precision == DatePrecision.Unknown ? null : Year;

    /// <summary>Known dates by start, less precise first on a tie (a year heads its own days); unknown last.</summary>
    public int CompareTo(FuzzyDate? other)
    {
        if (other is null)
            return 1;
        if (SortKey is not { } a)
            return other.SortKey is null ? 0 : 1;
        if (other.SortKey is not { } b)
            return -1;
        var c = a.CompareTo(b);
        if (c != 0)
            return c;
        c = Precision.CompareTo(other.Precision);
        return c != 0 ? c : Nullable.Compare(EndYear, other.EndYear);
    }

    /// <summary>The label a reader sees: "2019–2022", "2023 ж.", "2023 г.", "күні белгісіз", "дата неизвестна".</summary>
    public string Display(string lang)
    {
        var ru = string.Equals(lang, Cultures.Russian, StringComparison.OrdinalIgnoreCase);
        return Precision switch
        {
            DatePrecision.Unknown => ru ? "дата неизвестна" : "күні белгісіз",
            DatePrecision.YearRange => $"{Year}–{EndYear}",
            DatePrecision.Year => ru ? $"{Year} г." : $"{Year} ж.",
            DatePrecision.Month => Datelines.FormatMonth(Year!.Value, Month!.Value, lang),
            DatePrecision.Day => Datelines.FormatDate(StartDay!.Value, lang),
            _ => FormatWallClock(StartDay!.Value.ToDateTime(Time!.Value), lang),
        };
    }

    /// <summary>A machine-readable form for APIs and exports: "2019/2022", "2023", "2023-07", "2023-07-08", "2023-07-08T10:00+05:00", "".</summary>
    public string ToIsoString() => Precision switch
    {
        DatePrecision.Unknown => string.Empty,
        DatePrecision.YearRange => $"{Year:D4}/{EndYear:D4}",
        DatePrecision.Year => $"{Year:D4}",
        DatePrecision.Month => $"{Year:D4}-{Month:D2}",
        DatePrecision.Day => $"{Year:D4}-{Month:D2}-{Day:D2}",
        _ => $"{Year:D4}-{Month:D2}-{Day:D2}T{Time:HH\\:mm}{OffsetText()}",
    };

    // Kazakhstan moved from UTC+6 to UTC+5 on 2024-03-01: the offset depends on the date.
    private string OffsetText()
    {
        var offset = Datelines.Kazakhstan.GetUtcOffset(StartDay!.Value.ToDateTime(Time!.Value));
        return $"{(offset < TimeSpan.Zero ? '-' : '+')}{offset:hh\\:mm}";
    }

    public override string ToString() => ToIsoString();

    // The time is already Kazakhstan wall-clock time: pin it to the zone's offset for that moment so the dateline shows it unchanged.
    private static string FormatWallClock(DateTime local, string lang) =>
        Datelines.Format(new DateTimeOffset(local, Datelines.Kazakhstan.GetUtcOffset(local)), lang);

    public static bool operator <(FuzzyDate left, FuzzyDate right) => left.CompareTo(right) < 0;

    public static bool operator >(FuzzyDate left, FuzzyDate right) => left.CompareTo(right) > 0;

    public static bool operator <=(FuzzyDate left, FuzzyDate right) => left.CompareTo(right) <= 0;

    public static bool operator >=(FuzzyDate left, FuzzyDate right) => left.CompareTo(right) >= 0;

    /// <summary>Why the parts do not make a date, as a resource key; null when they do.</summary>
    public static string? Validate(FuzzyDate date)
    {
        static bool YearOk(int? y) => y is >= MinYear and <= MaxYear;
        switch (date.Precision)
        {
            case DatePrecision.Unknown:
                return date.Year is null && date.Month is null && date.Day is null && date.EndYear is null && date.Time is null
                    ? null : "FuzzyDate_UnknownHasParts";
            case DatePrecision.YearRange:
                if (!YearOk(date.Year) || !YearOk(date.EndYear))
                    return "FuzzyDate_YearOutOfRange";
                return date.EndYear <= date.Year ? "FuzzyDate_RangeEndBeforeStart" : null;
            case DatePrecision.Year:
                return YearOk(date.Year) ? null : "FuzzyDate_YearOutOfRange";
            case DatePrecision.Month:
                if (!YearOk(date.Year))
                    return "FuzzyDate_YearOutOfRange";
                return date.Month is >= 1 and <= 12 ? null : "FuzzyDate_MonthOutOfRange";
            case DatePrecision.Day:
            case DatePrecision.Time:
                if (!YearOk(date.Year))
                    return "FuzzyDate_YearOutOfRange";
                if (date.Month is not (>= 1 and <= 12))
                    return "FuzzyDate_MonthOutOfRange";
                if (date.Day is not { } d || d < 1 || d > DateTime.DaysInMonth(date.Year!.Value, date.Month.Value))
                    return "FuzzyDate_DayOutOfRange";
                return date.Precision == DatePrecision.Time && date.Time is null ? "FuzzyDate_TimeMissing" : null;
            default:
                return "FuzzyDate_UnknownPrecision";
        }
    }

    private static FuzzyDate Validated(FuzzyDate date) =>
        Validate(date) is { } error ? throw new ArgumentException(error, nameof(date)) : date;
}
