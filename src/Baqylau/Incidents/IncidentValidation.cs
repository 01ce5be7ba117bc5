using Baqylau.Localization;

namespace Baqylau.Incidents;

/// <summary>What typed incident content must satisfy before anything is read from the database.</summary>
public static class IncidentValidation
{
    /// <summary>Checks typed content; returns every problem at once, each naming its field (and language).</summary>
    public static List<ValidationError> Validate(IncidentContent content)
    {
        var errors = new List<ValidationError>();
        var titled = FieldRules.CheckTexts(errors, content.Translations, IncidentFields.Title, t => t.Culture, t => t.Title, t => t.IsBlank, (t, lang) =>
        {
            FieldRules.Text(errors, t.Title, IncidentFields.TitleMax, IncidentFields.Title, lang);
            FieldRules.Text(errors, t.Description, IncidentFields.DescriptionMax, IncidentFields.Description, lang);
        });
        FieldRules.RequireOneTitle(errors, content.Translations, titled, IncidentFields.Title, t => t.Culture);
        if (content.Occurred is null)
            errors.Add(new ValidationError(ErrorKeys.FieldRequired, IncidentFields.Occurred));
        else if (FuzzyDate.Validate(content.Occurred) is { } dateError)
            errors.Add(new ValidationError(dateError, IncidentFields.Occurred));
        if (content.CategoryId is null)
            errors.Add(new ValidationError(IncidentErrors.CategoryRequired, IncidentFields.Category));
        FieldRules.Text(errors, content.Settlement, IncidentFields.SettlementMax, IncidentFields.Settlement, null);
        FieldRules.Text(errors, content.PollingStation, IncidentFields.PollingStationMax, IncidentFields.PollingStation, null);
        if (content.Sources.Count > IncidentFields.SourcesMax)
            errors.Add(new ValidationError(ErrorKeys.FieldTooLong, IncidentFields.Sources, null, IncidentFields.SourcesMax));
        foreach (var s in content.Sources)
        {
            if (string.IsNullOrWhiteSpace(s.Url))
                errors.Add(new ValidationError(ErrorKeys.FieldRequired, IncidentFields.SourceUrl));
            else if (!IsWebUrl(s.Url))
                errors.Add(new ValidationError(IncidentErrors.InvalidUrl, IncidentFields.SourceUrl));
            if (!string.IsNullOrWhiteSpace(s.ArchiveUrl) && !IsWebUrl(s.ArchiveUrl))
                errors.Add(new ValidationError(IncidentErrors.InvalidUrl, IncidentFields.ArchiveUrl));
            FieldRules.Text(errors, s.Title, IncidentFields.SourceTitleMax, IncidentFields.SourceTitle, null);
            if (!Enum.IsDefined(s.Kind))
                errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Sources));
        }

        if (content.StatementIds.Count > IncidentFields.StatementsMax)
            errors.Add(new ValidationError(ErrorKeys.FieldTooLong, IncidentFields.Statements, null, IncidentFields.StatementsMax));
        return errors;
    }

    /// <summary>The internal part's three texts: length and characters.</summary>
    public static void ThrowIfInvalid(IncidentInternalContent content)
    {
        var errors = new List<ValidationError>();
        FieldRules.Text(errors, content.ObserverIdentities, IncidentFields.InternalMax, "Field_ObserverIdentities", null);
        FieldRules.Text(errors, content.WitnessIdentities, IncidentFields.InternalMax, "Field_WitnessIdentities", null);
        FieldRules.Text(errors, content.Notes, IncidentFields.InternalMax, "Field_InternalNotes", null);
        if (errors.Count > 0)
            throw new ValidationException(errors);
    }

    /// <summary>Only absolute http(s) links: a javascript: or file: URL must never reach a public page.</summary>
    public static bool IsWebUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return false;
        var text = value.Trim();
        return text.Length <= IncidentFields.UrlMax
            && TextRules.IsClean(text) && !text.Any(char.IsWhiteSpace)
            && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host);
    }
}

/// <summary>Who may take which step on an incident.</summary>
public static class IncidentRules
{
    /// <summary>The verification steps open from <paramref name="current"/>.</summary>
    public static IReadOnlyList<VerificationStatus> NextSteps(VerificationStatus current) => current switch
    {
        VerificationStatus.Reported => [VerificationStatus.Corroborated, VerificationStatus.Disputed],
        VerificationStatus.Corroborated => [VerificationStatus.Verified, VerificationStatus.Disputed],
        VerificationStatus.Verified => [VerificationStatus.Disputed],
        _ => [VerificationStatus.Reported],
    };

    /// <summary>Publishing an incident, or withdrawing it, is an editor's decision.</summary>
    public static bool CanChangeVisibility(StaffUser user) => user.IsEditor;

    public static IncidentActions ActionsFor(StaffUser user, Incident i) => new(
        CanEdit: user.IsEditor || i.Visibility == IncidentVisibility.Internal,
        CanVerify: user.IsEditor,
        CanChangeVisibility: CanChangeVisibility(user),
        CanReadInternal: user.IsEditor && user.OrganisationId == i.OrganisationId,
        NextSteps: user.IsEditor ? NextSteps(i.Verification) : []);
}
