namespace Baqylau.Common;

/// <summary>Resource keys of the admin forms' own errors (AdminStrings); the shared ones are in <see cref="ErrorKeys"/>.</summary>
public static class AdminErrors
{
    public const string Required = "Error_Required";
    public const string TooLong = "Error_TooLong";
    public const string SlugInvalid = "Error_SlugInvalid";
    public const string SlugTaken = "Error_SlugTaken";
    public const string UrlInvalid = "Error_UrlInvalid";
    public const string DateOrder = "Error_DateOrder";
    public const string EmailInvalid = "Error_EmailInvalid";
    public const string EmailTaken = "Error_EmailTaken";
    public const string RoleInvalid = "Error_RoleInvalid";
    public const string StatementMismatch = "Error_StatementMismatch";
    public const string OwnAccount = "Error_OwnAccount";
}

/// <summary>Field rules of the admin forms (campaigns, organisations, accounts).</summary>
public static class AdminRules
{
    /// <summary>An absolute http(s) link, or null when blank; anything else is an error (no javascript: links on public pages).</summary>
    public static string? Link(string? value, string field, List<ValidationError> errors)
    {
        var text = TextRules.TrimmedOrNull(value);
        if (text is null)
            return null;
        if (text.Length > 500 || !TextRules.IsClean(text) || text.Any(char.IsWhiteSpace)
            || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add(new ValidationError(AdminErrors.UrlInvalid, field));
            return null;
        }

        return text;
    }

    public static bool IsSlug(string slug) =>
        slug.Length is > 0 and <= 100 && slug.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && !slug.StartsWith('-') && !slug.EndsWith('-');
}
