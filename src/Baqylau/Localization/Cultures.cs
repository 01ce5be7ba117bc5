using System.Globalization;

namespace Baqylau.Localization;

/// <summary>The two site languages and the specific cultures behind them.</summary>
public static class Cultures
{
    public const string Kazakh = "kk";
    public const string Russian = "ru";
    public const string Default = Kazakh;

    /// <summary>URL segments in display order.</summary>
    public static IReadOnlyList<string> All { get; } = [Kazakh, Russian];

    // Specific cultures: neutral ones lose the currency, and ru-KZ formats like ru-RU with the tenge.
    private static readonly Dictionary<string, CultureInfo> Specific = new(StringComparer.OrdinalIgnoreCase)
    {
        [Kazakh] = CultureInfo.GetCultureInfo("kk-KZ"),
        [Russian] = CultureInfo.GetCultureInfo("ru-KZ"),
    };

    public static bool IsSupported(string? lang) => lang is not null && Specific.ContainsKey(lang);

    public static CultureInfo Get(string lang) =>
        Specific.TryGetValue(lang, out var c) ? c : throw new ArgumentOutOfRangeException(nameof(lang), lang, "Unsupported language.");

    /// <summary>"kk" or "ru" for any kk*/ru* culture; the default otherwise.</summary>
    public static string LanguageOf(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName switch
        {
            Russian => Russian,
            _ => Kazakh,
        };

    public static string Current => LanguageOf(CultureInfo.CurrentUICulture);

    public static string Other(string lang) => string.Equals(lang, Russian, StringComparison.OrdinalIgnoreCase) ? Kazakh : Russian;
}
