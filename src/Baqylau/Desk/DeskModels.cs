using Baqylau.Auditing;
using Baqylau.Campaigns;
using Baqylau.Incidents;
using Baqylau.Statements;

namespace Baqylau.Desk;

/// <summary>Part of a desk list: the first items and how many there are in all, so a long queue reads "and N more".</summary>
public sealed record DeskList<T>(IReadOnlyList<T> Items, int Total)
{
    public int More => Total - Items.Count;
}

/// <summary>A statement of the author's own: a draft, one sent back (with the editor's comment) or one scheduled.</summary>
public sealed record DeskStatement(Guid Id, string Title, StatementStatus Status, DateTimeOffset UpdatedAt, DateTimeOffset? ScheduledFor, string? Comment);

public enum DeskReviewKind
{
    Statement = 0,
    Incident = 1,
}

/// <summary>
/// Something waiting for an editor: a submitted statement or an incident not yet verified. <paramref name="Since"/> is when it
/// started waiting (the last submission; the incident's logging), so the age is now minus that.
/// </summary>
public sealed record DeskReviewItem(DeskReviewKind Kind, Guid Id, string Title, DateTimeOffset Since, VerificationStatus? Verification);

/// <summary>A statement whose languages are not in step (missing or outdated), as the statement list judges it.</summary>
public sealed record DeskTranslationGap(Guid Id, string Title, StatementStatus Status, TranslationParity Parity);

/// <summary>A public correction made to a statement: when, by whom, and the note readers see.</summary>
public sealed record DeskCorrection(Guid StatementId, string Title, DateTimeOffset At, string? By, string? Note);

/// <summary>An active account with no second factor.</summary>
public sealed record DeskAccount(Guid Id, string DisplayName, string Email, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);

/// <summary>A date of a campaign's calendar within the look-ahead window.</summary>
public sealed record DeskKeyDate(Guid CampaignId, string Campaign, CampaignDateKind Kind, DateOnly Start, DateOnly? End);

/// <summary>What an author works on: own drafts, what came back from review, and own scheduled statements.</summary>
public sealed record AuthorDesk(DeskList<DeskStatement> Drafts, DeskList<DeskStatement> SentBack, DeskList<DeskStatement> Scheduled);

/// <summary>What an editor works on: the review queue (oldest first), scheduled publications, translation gaps, recent corrections.</summary>
public sealed record EditorDesk(
    DeskList<DeskReviewItem> Review,
    DeskList<DeskStatement> Scheduled,
    DeskList<DeskTranslationGap> Translations,
    DeskList<DeskCorrection> Corrections);

/// <summary>What only admins see: audit alerts, accounts without a second factor, campaign dates coming up.</summary>
public sealed record AdminDesk(IReadOnlyList<AuditAlert> Alerts, DeskList<DeskAccount> WithoutSecondFactor, DeskList<DeskKeyDate> KeyDates);

/// <summary>A staff member's desk: the parts their role has (null for the others).</summary>
public sealed record StaffDesk(AuthorDesk? Author, EditorDesk? Editor, AdminDesk? Admin, DateTimeOffset Now);

/// <summary>The counts the workspace navigation shows beside its links; null where the role has nothing to count.</summary>
public sealed record DeskCounts(int? Statements, int? Incidents, int? Admin)
{
    public static DeskCounts None { get; } = new(null, null, null);
}
