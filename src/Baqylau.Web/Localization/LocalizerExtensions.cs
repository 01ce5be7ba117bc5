using Baqylau.Localization;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web;

public static class LocalizerExtensions
{
    /// <summary>Count text in the right plural form: keys Key_One/_Few/_Many/_Other (Kazakh needs only _One and _Other).</summary>
    public static string Plural(this IStringLocalizer localizer, string key, long n)
    {
        var lang = Cultures.Current;
        var text = localizer[$"{key}_{Plural(lang, n)}"];
        if (text.ResourceNotFound)
            text = localizer[$"{key}_Other"];
        return string.Format(System.Globalization.CultureInfo.CurrentCulture, text.Value, n);
    }

    private static string Plural(string lang, long n) => Baqylau.Localization.Plural.Category(lang, n);
}
