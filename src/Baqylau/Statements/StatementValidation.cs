using Baqylau.Localization;

namespace Baqylau.Statements;

/// <summary>Field names (resource keys) and limits of statement content; the limits match the column sizes.</summary>
public static class StatementFields
{
    public const string Title = "Field_Title";
    public const string Lead = "Field_Lead";
    public const string Body = "Field_Body";
    public const string PhotoCaption = "Field_PhotoCaption";
    public const string PhotoAlt = "Field_PhotoAlt";
    public const string Slug = "Field_Slug";
    public const string Status = "Field_Status";
    public const string Rubric = "Field_Rubric";
    public const string Campaign = "Field_Campaign";
    public const string Tags = "Field_Tags";
    public const string Related = "Field_Related";
    public const string Photo = "Field_Photo";
    public const string Organisation = "Field_Organisation";
    public const string Note = "Field_Note";

    public const int TitleMax = 300;
    public const int LeadMax = 2000;
    public const int BodyMax = 200_000;
    public const int CaptionMax = 500;
    public const int RelatedMax = 10;

    public static IReadOnlyList<string> All { get; } =
        typeof(StatementFields).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
}

/// <summary>Checks typed content before anything is saved; returns every problem at once, each naming its field and language.</summary>
public static class StatementValidation
{
    public static IReadOnlyList<ValidationError> Validate(StatementContent content, Guid? statementId)
    {
        var errors = new List<ValidationError>();
        var titled = 0;
        foreach (var t in content.Translations)
        {
            if (!Cultures.IsSupported(t.Culture))
            {
                errors.Add(new ValidationError(ErrorKeys.UnknownReference, StatementFields.Title, t.Culture));
                continue;
            }

            if (t.IsBlank)
                continue;
            if (string.IsNullOrWhiteSpace(t.Title))
                errors.Add(new ValidationError(ErrorKeys.FieldRequired, StatementFields.Title, t.Culture));
            else
                titled++;
            Max(errors, t.Title, StatementFields.TitleMax, StatementFields.Title, t.Culture);
            Max(errors, t.Lead, StatementFields.LeadMax, StatementFields.Lead, t.Culture);
            Max(errors, t.Body, StatementFields.BodyMax, StatementFields.Body, t.Culture);
            Max(errors, t.PhotoCaption, StatementFields.CaptionMax, StatementFields.PhotoCaption, t.Culture);
            Max(errors, t.PhotoAlt, StatementFields.CaptionMax, StatementFields.PhotoAlt, t.Culture);
            Clean(errors, t.Title, StatementFields.Title, t.Culture);
            Clean(errors, t.Lead, StatementFields.Lead, t.Culture);
            Clean(errors, t.Body, StatementFields.Body, t.Culture);
            Clean(errors, t.PhotoCaption, StatementFields.PhotoCaption, t.Culture);
            Clean(errors, t.PhotoAlt, StatementFields.PhotoAlt, t.Culture);
            // A photo without a description is invisible to readers using a screen reader.
            if (!string.IsNullOrWhiteSpace(content.PhotoPath) && string.IsNullOrWhiteSpace(t.PhotoAlt))
                errors.Add(new ValidationError(StatementErrors.PhotoAltRequired, StatementFields.PhotoAlt, t.Culture));
        }

        // Only a stored photo's name: anything else (a path, a URL) never reaches the file system or a page.
        if (!string.IsNullOrWhiteSpace(content.PhotoPath) && !StatementPhotoStore.IsValidName(content.PhotoPath))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, StatementFields.Photo));
        if (titled == 0 && errors.Count == 0)
            errors.Add(new ValidationError(StatementErrors.TitleRequired, StatementFields.Title, Cultures.Current));
        if (content.Translations.GroupBy(t => t.Culture).Any(g => g.Count() > 1))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, StatementFields.Title));
        if (statementId is { } id && content.RelatedIds.Contains(id))
            errors.Add(new ValidationError(StatementErrors.RelatedToItself, StatementFields.Related));
        if (content.RelatedIds.Count > StatementFields.RelatedMax)
            errors.Add(new ValidationError(ErrorKeys.FieldTooLong, StatementFields.Related, null, StatementFields.RelatedMax));
        return errors;
    }

    /// <summary>A control character or broken Unicode: named, never saved (PostgreSQL would refuse it with a server error).</summary>
    public static void Clean(List<ValidationError> errors, string? value, string field, string? lang)
    {
        if (!Common.TextRules.IsClean(value))
            errors.Add(new ValidationError(ErrorKeys.InvalidCharacters, field, lang));
    }

    /// <summary>A note or comment typed in a dialog (send back, correction, retraction): length and characters.</summary>
    public static void ThrowIfInvalidNote(string? text, int max, string? lang = null)
    {
        var errors = new List<ValidationError>();
        if (text is not null && text.Length > max)
            errors.Add(new ValidationError(ErrorKeys.FieldTooLong, StatementFields.Note, lang, max));
        Clean(errors, text, StatementFields.Note, lang);
        if (errors.Count > 0)
            throw new ValidationException(errors);
    }

    private static void Max(List<ValidationError> errors, string? value, int max, string field, string lang)
    {
        if (value is not null && value.Length > max)
            errors.Add(new ValidationError(ErrorKeys.FieldTooLong, field, lang, max));
    }
}
