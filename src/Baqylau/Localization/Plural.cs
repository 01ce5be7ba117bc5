namespace Baqylau.Localization;

/// <summary>
/// CLDR plural categories for integer counts (.NET has no public plural API). The result is
/// meant as a resource-key suffix, e.g. "Incidents_Count_" + category.
/// </summary>
public static class Plural
{
    public const string One = "One";
    public const string Few = "Few";
    public const string Many = "Many";
    public const string Other = "Other";

    /// <summary>
    /// ru: One (1, 21, 101…), Few (2–4, 22–24…), Many (0, 5–20, 25–30, 111…).
    /// kk: One (1) or Other; Kazakh nouns stay singular after numerals, so both forms share a text.
    /// Negative counts use their absolute value. "Other" for ru (fractions) never occurs here.
    /// </summary>
    public static string Category(string lang, long n)
    {
        var culture = Cultures.Get(lang);
        // Unsigned magnitude: Math.Abs(long.MinValue) would throw.
        var abs = n < 0 ? (ulong)(-(n + 1)) + 1 : (ulong)n;

        if (Cultures.LanguageOf(culture) == Cultures.Russian)
        {
            var mod10 = abs % 10;
            var mod100 = abs % 100;
            if (mod10 == 1 && mod100 != 11)
            {
                return One;
            }

            return mod10 is >= 2 and <= 4 && mod100 is < 12 or > 14 ? Few : Many;
        }

        return abs == 1 ? One : Other;
    }
}
