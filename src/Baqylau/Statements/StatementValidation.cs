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
    public const string Organisation = FieldRules.Organisation;
    public const string Note = FieldRules.Note;

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
        var titled = FieldRules.CheckTexts(errors, content.Translations, StatementFields.Title, t => t.Culture, t => t.Title, t => t.IsBlank, (t, lang) =>
        {
            FieldRules.Text(errors, t.Title, StatementFields.TitleMax, StatementFields.Title, lang);
            FieldRules.Text(errors, t.Lead, StatementFields.LeadMax, StatementFields.Lead, lang);
            FieldRules.Text(errors, t.Body, StatementFields.BodyMax, StatementFields.Body, lang);
            FieldRules.Text(errors, t.PhotoCaption, StatementFields.CaptionMax, StatementFields.PhotoCaption, lang);
            FieldRules.Text(errors, t.PhotoAlt, StatementFields.CaptionMax, StatementFields.PhotoAlt, lang);
            // A photo without a description is invisible to readers using a screen reader.
            if (!string.IsNullOrWhiteSpace(content.PhotoPath) && string.IsNullOrWhiteSpace(t.PhotoAlt))
                errors.Add(new ValidationError(StatementErrors.PhotoAltRequired, StatementFields.PhotoAlt, lang));
        });

        // Only a stored photo's name: anything else (a path, a URL) never reaches the file system or a page.
        if (!string.IsNullOrWhiteSpace(content.PhotoPath) && !StatementPhotoStore.IsValidName(content.PhotoPath))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, StatementFields.Photo));
        FieldRules.RequireOneTitle(errors, content.Translations, titled, StatementFields.Title, t => t.Culture);
        if (statementId is { } id && content.RelatedIds.Contains(id))
            errors.Add(new ValidationError(StatementErrors.RelatedToItself, StatementFields.Related));
        if (content.RelatedIds.Count > StatementFields.RelatedMax)
            errors.Add(new ValidationError(ErrorKeys.FieldTooLong, StatementFields.Related, null, StatementFields.RelatedMax));
        return errors;
    }
}
