using Baqylau.Localization;

namespace Baqylau.Common;

/// <summary>Checks every feature makes of typed fields the same way, each problem naming its field and language.</summary>
public static class FieldRules
{
    /// <summary>The field a dialog's note or comment is named by (send back, correction, retraction, verification).</summary>
    public const string Note = "Field_Note";

    /// <summary>The organisation an item is written for (statements and incidents alike).</summary>
    public const string Organisation = "Field_Organisation";

    /// <summary>A control character or broken Unicode: named, never saved (PostgreSQL would refuse it with a server error).</summary>
    public static void Clean(List<ValidationError> errors, string? value, string field, string? lang)
    {
        if (!TextRules.IsClean(value))
            errors.Add(new ValidationError(ErrorKeys.InvalidCharacters, field, lang));
    }

    public static void Max(List<ValidationError> errors, string? value, int max, string field, string? lang)
    {
        if (value is not null && value.Length > max)
            errors.Add(new ValidationError(ErrorKeys.FieldTooLong, field, lang, max));
    }

    /// <summary>Length and characters of one typed text.</summary>
    public static void Text(List<ValidationError> errors, string? value, int max, string field, string? lang)
    {
        Max(errors, value, max, field, lang);
        Clean(errors, value, field, lang);
    }

    /// <summary>A note or comment typed in a dialog: length and characters.</summary>
    public static void ThrowIfInvalidNote(string? text, int max, string? lang = null)
    {
        var errors = new List<ValidationError>();
        Text(errors, text, max, Note, lang);
        if (errors.Count > 0)
            throw new ValidationException(errors);
    }

    /// <summary>
    /// Each language's text of a bilingual item: a language the site does not have, and a text without its title.
    /// <paramref name="checkText"/> checks the rest of each text that is not blank. Returns how many have a title.
    /// </summary>
    public static int CheckTexts<T>(List<ValidationError> errors, IEnumerable<T> texts, string titleField,
        Func<T, string> culture, Func<T, string?> title, Func<T, bool> isBlank, Action<T, string> checkText)
    {
        var titled = 0;
        foreach (var t in texts)
        {
            var lang = culture(t);
            if (!Cultures.IsSupported(lang))
            {
                errors.Add(new ValidationError(ErrorKeys.UnknownReference, titleField, lang));
                continue;
            }

            if (isBlank(t))
                continue;
            if (string.IsNullOrWhiteSpace(title(t)))
                errors.Add(new ValidationError(ErrorKeys.FieldRequired, titleField, lang));
            else
                titled++;
            checkText(t, lang);
        }

        return titled;
    }

    /// <summary>At least one titled language (said only when nothing else is wrong), and no language twice.</summary>
    public static void RequireOneTitle<T>(List<ValidationError> errors, IEnumerable<T> texts, int titled, string titleField, Func<T, string> culture)
    {
        if (titled == 0 && errors.Count == 0)
            errors.Add(new ValidationError(ErrorKeys.TitleRequired, titleField, Cultures.Current));
        if (texts.GroupBy(culture).Any(g => g.Count() > 1))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, titleField));
    }
}
