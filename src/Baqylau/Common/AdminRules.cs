using Baqylau.Statements;

namespace Baqylau.Common;

/// <summary>A problem with an admin form; <see cref="Key"/> is a resource key of the admin strings.</summary>
public sealed record AdminError(string Key, string? Field = null);

/// <summary>An admin action was refused; <see cref="ErrorKey"/> says why in the admin strings.</summary>
public class AdminRuleException(string errorKey) : Exception(errorKey)
{
    public string ErrorKey { get; } = errorKey;
}

/// <summary>The submitted admin form is invalid; nothing was saved.</summary>
public sealed class AdminValidationException(IReadOnlyList<AdminError> errors)
    : AdminRuleException(errors.Count > 0 ? errors[0].Key : AdminErrors.Required)
{
    public IReadOnlyList<AdminError> Errors { get; } = errors;
}

/// <summary>Resource keys of admin errors (AdminStrings).</summary>
public static class AdminErrors
{
    public const string Forbidden = "Error_Forbidden";
    public const string NotFound = "Error_NotFound";
    public const string Required = "Error_Required";
    public const string TooLong = "Error_TooLong";
    public const string SlugInvalid = "Error_SlugInvalid";
    public const string SlugTaken = "Error_SlugTaken";
    public const string UrlInvalid = "Error_UrlInvalid";
    public const string DateOrder = "Error_DateOrder";
    public const string EmailInvalid = "Error_EmailInvalid";
    public const string EmailTaken = "Error_EmailTaken";
    public const string RoleInvalid = "Error_RoleInvalid";
    public const string OrganisationRequired = "Error_OrganisationRequired";
    public const string StatementMismatch = "Error_StatementMismatch";
    public const string OwnAccount = "Error_OwnAccount";
    public const string Conflict = "Error_Conflict";
    public const string InvalidCharacters = "Error_InvalidCharacters";
}

public static class AdminRules
{
    /// <summary>Every admin service call starts here: only the Admin role keeps campaigns, organisations and accounts.</summary>
    public static void RequireAdmin(StaffUser user, Microsoft.Extensions.Logging.ILogger logger, [System.Runtime.CompilerServices.CallerMemberName] string operation = "")
    {
        if (!user.IsAdmin)
        {
            AccessRefusals.Role(logger, user.UserId, operation);
            throw new AdminRuleException(AdminErrors.Forbidden);
        }
    }

    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>An absolute http(s) link, or null when blank; anything else is an error (no javascript: links on public pages).</summary>
    public static string? Link(string? value, string field, List<AdminError> errors)
    {
        var text = Trimmed(value);
        if (text is null)
            return null;
        if (text.Length > 500 || !TextRules.IsClean(text) || text.Any(char.IsWhiteSpace)
            || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add(new AdminError(AdminErrors.UrlInvalid, field));
            return null;
        }

        return text;
    }

    public static bool IsSlug(string slug) =>
        slug.Length is > 0 and <= 100 && slug.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && !slug.StartsWith('-') && !slug.EndsWith('-');
}
