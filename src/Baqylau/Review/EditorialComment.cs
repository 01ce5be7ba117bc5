using Baqylau.Common;

namespace Baqylau.Review;

public enum EditorialCommentKind
{
    /// <summary>A remark by anyone of the organisation's staff.</summary>
    Comment = 0,

    /// <summary>An editor's reason for sending a statement back to its author.</summary>
    SendBack = 1,
}

/// <summary>
/// One message of the editorial conversation about a statement or an incident. Internal to the organisation: it
/// may name people, so the audit trail records that it was written but not what it says.
/// </summary>
public sealed class EditorialComment : IOrganisationOwned
{
    public const int MaxLength = 2000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganisationId { get; set; }

    /// <summary>Exactly one of <see cref="StatementId"/> and <see cref="IncidentId"/> is set (a check constraint says so).</summary>
    public Guid? StatementId { get; set; }

    public Guid? IncidentId { get; set; }

    /// <summary>The statement's revision the comment was written on, so the thread reads beside the history.</summary>
    public int? RevisionNumber { get; set; }

    public EditorialCommentKind Kind { get; set; }

    public Guid? AuthorId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    [Internal]
    public required string Body { get; set; }
}
