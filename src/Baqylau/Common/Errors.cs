namespace Baqylau.Common;

/// <summary>
/// Resource keys of the errors every feature reports. The web layer words them in the strings of the page that
/// asked (the workspace's or the admin pages'), so one key can read "not found or not yours" in an editor and
/// "record not found" in an admin form.
/// </summary>
public static class ErrorKeys
{
    public const string Forbidden = "Error_Forbidden";
    public const string NotFound = "Error_NotFound";
    public const string Conflict = "Error_Conflict";
    public const string InvalidCharacters = "Error_InvalidCharacters";
    public const string OrganisationRequired = "Error_OrganisationRequired";
    public const string UnknownReference = "Error_UnknownReference";
    public const string FieldRequired = "Error_FieldRequired";
    public const string FieldTooLong = "Error_FieldTooLong";
    public const string TitleRequired = "Error_TitleRequired";

    /// <summary>The keys the workspace words (WorkspaceStrings); <see cref="Conflict"/> is an admin form's (AdminStrings).</summary>
    public static IReadOnlyList<string> Workspace { get; } =
        [Forbidden, NotFound, InvalidCharacters, OrganisationRequired, UnknownReference, FieldRequired, FieldTooLong, TitleRequired];
}

/// <summary>One problem with submitted content: a resource key, the field it concerns and, for a text, its language.</summary>
/// <param name="Field">The field: a resource key of the workspace strings ("Field_Title"), or an admin form's field name.</param>
/// <param name="Limit">The maximum, for a too-long field.</param>
public sealed record ValidationError(string Key, string? Field = null, string? Lang = null, int? Limit = null);

/// <summary>
/// The one family of errors the feature services throw. Each carries a resource key; the workspace shows it as a
/// message (one action runner) and the API as an RFC 7807 problem (one exception handler).
/// </summary>
public abstract class DomainException(string errorKey) : Exception(errorKey)
{
    public string ErrorKey { get; } = errorKey;
}

/// <summary>No such item for this user: absent, or another organisation's (its existence is not revealed).</summary>
public sealed class NotFoundException(string errorKey = ErrorKeys.NotFound) : DomainException(errorKey);

/// <summary>The user's role does not allow the action.</summary>
public sealed class ForbiddenException(string errorKey = ErrorKeys.Forbidden) : DomainException(errorKey);

/// <summary>The submitted content is invalid; nothing was saved.</summary>
public sealed class ValidationException(IReadOnlyList<ValidationError> errors)
    : DomainException(errors.Count > 0 ? errors[0].Key : ErrorKeys.FieldRequired)
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;

    public ValidationException(ValidationError error) : this([error])
    {
    }
}

/// <summary>A rule refused the action (the wrong state, a missing note, an item still in use).</summary>
public sealed class RuleException(string errorKey) : DomainException(errorKey);

/// <summary>Someone else changed the item since this copy was read; nothing was saved.</summary>
public class ConflictException(string errorKey = ErrorKeys.Conflict) : DomainException(errorKey)
{
    /// <summary>The item's current version, when the caller can merge onto it (the API sends it as the ETag).</summary>
    public virtual uint? CurrentVersion => null;
}

/// <summary>
/// A conflict that carries the item as it is now, so an editor can show both versions and lose neither; saving
/// again with <see cref="CurrentVersion"/> writes over it.
/// </summary>
public sealed class ConflictException<TCurrent>(TCurrent current) : ConflictException
    where TCurrent : IVersioned
{
    public TCurrent Current { get; } = current;

    public override uint? CurrentVersion => Current.Version;
}

/// <summary>An item whose version (PostgreSQL's xmin) guards against lost updates.</summary>
public interface IVersioned
{
    uint Version { get; }
}
