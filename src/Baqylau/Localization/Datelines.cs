using System.Globalization;

namespace Baqylau.Localization;

/// <summary>
/// News datelines in Kazakhstan time. Patterns are explicit rather than "D"/"f" because the
/// standard patterns come from whatever CLDR the host's ICU ships and differ between versions.
/// </summary>
public static class Datelines
{
    // kk months in a dated phrase keep the nominative ("8 шілде"); ru needs the genitive
    // ("8 июля"), which .NET picks automatically because the pattern has a day token.
    private const string KazakhDateTime = "d MMMM yyyy 'жыл', HH:mm";
    private const string RussianDateTime = "d MMMM yyyy, HH:mm";
    private const string KazakhDate = "d MMMM yyyy 'жыл'";
    private const string RussianDate = "d MMMM yyyy";

    /// <summary>
    /// Kazakhstan's single zone (UTC+5 since 2024-03-01). "Asia/Almaty" is the IANA id;
    /// "Asia/Astana" does not exist. Needs current tzdata in the container.
    /// </summary>
    public static TimeZoneInfo Kazakhstan { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");

    /// <summary>kk "8 шілде 2026 жыл, 10:00", ru "8 июля 2026, 10:00" (Kazakhstan time).</summary>
    public static string Format(DateTimeOffset instant, string lang)
    {
        var culture = Cultures.Get(lang);
        var local = TimeZoneInfo.ConvertTime(instant, Kazakhstan);
        return local.ToString(IsKazakh(culture) ? KazakhDateTime : RussianDateTime, culture);
    }

    /// <summary>kk "8 шілде 2026 жыл, 10:00:07", ru "8 июля 2026, 10:00:07" (Kazakhstan time): for records such as the audit log.</summary>
    public static string FormatToSecond(DateTimeOffset instant, string lang)
    {
        var culture = Cultures.Get(lang);
        var local = TimeZoneInfo.ConvertTime(instant, Kazakhstan);
        return local.ToString((IsKazakh(culture) ? KazakhDateTime : RussianDateTime) + ":ss", culture);
    }

    /// <summary>kk "8 шілде 2026 жыл", ru "8 июля 2026".</summary>
    public static string FormatDate(DateOnly date, string lang)
    {
        var culture = Cultures.Get(lang);
        return date.ToString(IsKazakh(culture) ? KazakhDate : RussianDate, culture);
    }

    /// <summary>Archive heading: kk "2026 жылғы шілде", ru "июль 2026".</summary>
    public static string FormatMonth(int year, int month, string lang)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);

        var culture = Cultures.Get(lang);
        // Standalone (nominative) names; kk's are capitalised in CLDR ("Шілде"), but a
        // mid-phrase month is lower-case in both languages.
        var name = culture.DateTimeFormat.MonthNames[month - 1].ToLower(culture);
        var y = year.ToString(CultureInfo.InvariantCulture);
        return IsKazakh(culture) ? $"{y} жылғы {name}" : $"{name} {y}";
    }

    private static bool IsKazakh(CultureInfo culture) => Cultures.LanguageOf(culture) == Cultures.Kazakh;
}
