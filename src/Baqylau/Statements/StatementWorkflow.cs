using Baqylau.Common;
using Baqylau.Localization;

namespace Baqylau.Statements;

public enum RevisionKind
{
    Save = 0,
    Create = 1,
    Submit = 2,
    SendBack = 3,
    Publish = 4,
    Schedule = 5,
    Unschedule = 6,
    ScheduledPublish = 7,
    Correct = 8,
    Retract = 9,
    Restore = 10,

    /// <summary>A language confirmed to say what the newer one says (its comment is the language).</summary>
    TranslationChecked = 11,
}

/// <summary>
/// The workflow rules of a statement: Draft → InReview → Published → (Corrected | Retracted), with scheduled
/// publication. Who may call them is decided by <see cref="StatementService"/>; what may happen is decided here.
/// </summary>
public sealed partial class Statement
{
    /// <summary>Edits need a correction note once readers have seen the text; a retracted statement is frozen.</summary>
    public bool IsEditableWithoutCorrection => Status is StatementStatus.Draft or StatementStatus.InReview;

    public bool IsDue(DateTimeOffset now) => ScheduledFor is { } at && at <= now && !IsPublic;

    public void SubmitForReview(TimeProvider clock)
    {
        Require(Status == StatementStatus.Draft, StatementErrors.NotADraft);
        RequireSomeText();
        Status = StatementStatus.InReview;
        Touch(clock);
    }

    /// <summary>Back to the author: the schedule, if any, is cancelled with it.</summary>
    public void SendBackToDraft(TimeProvider clock)
    {
        Require(Status == StatementStatus.InReview, StatementErrors.NotInReview);
        Status = StatementStatus.Draft;
        ScheduledFor = null;
        Touch(clock);
    }

    public void Publish(TimeProvider clock, bool allowMissingTranslation)
    {
        Require(!IsPublic, StatementErrors.AlreadyPublished);
        RequireSomeText();
        if (!allowMissingTranslation)
            Require(MissingLanguages().Count == 0, StatementErrors.MissingTranslation);
        var now = clock.GetUtcNow();
        Status = StatementStatus.Published;
        PublishedAt = now;
        ScheduledFor = null;
        Touch(clock);
    }

    /// <summary>Publication at a later time: the statement waits in review until <see cref="ScheduledPublisher"/> publishes it.</summary>
    public void Schedule(DateTimeOffset at, TimeProvider clock, bool allowMissingTranslation)
    {
        Require(!IsPublic, StatementErrors.AlreadyPublished);
        Require(at > clock.GetUtcNow(), StatementErrors.ScheduleInPast);
        RequireSomeText();
        if (!allowMissingTranslation)
            Require(MissingLanguages().Count == 0, StatementErrors.MissingTranslation);
        Status = StatementStatus.InReview;
        ScheduledFor = at;
        Touch(clock);
    }

    public void Unschedule(TimeProvider clock)
    {
        Require(ScheduledFor is not null && !IsPublic, StatementErrors.NotScheduled);
        ScheduledFor = null;
        Touch(clock);
    }

    /// <summary>A published text changes only with a dated public note; the note is shown on the page.</summary>
    public void Correct(LocalizedText note, TimeProvider clock)
    {
        Require(Status is StatementStatus.Published or StatementStatus.Corrected, StatementErrors.NotPublished);
        Require(!note.IsEmpty, StatementErrors.CorrectionNoteRequired);
        Corrections.Add(new StatementCorrection { At = clock.GetUtcNow(), Note = note.Clone() });
        Status = StatementStatus.Corrected;
        Touch(clock);
    }

    /// <summary>The page stays, marked retracted with the public reason: a permalink readers cited keeps working.</summary>
    public void Retract(LocalizedText reason, TimeProvider clock)
    {
        Require(Status is StatementStatus.Published or StatementStatus.Corrected, StatementErrors.NotPublished);
        Require(!reason.IsEmpty, StatementErrors.RetractionReasonRequired);
        RetractionReason = reason.Clone();
        RetractedAt = clock.GetUtcNow();
        Status = StatementStatus.Retracted;
        Touch(clock);
    }

    /// <summary>Languages (of the site's) without a titled translation.</summary>
    public IReadOnlyList<string> MissingLanguages() =>
        Cultures.All.Where(l => string.IsNullOrWhiteSpace(Translation(l)?.Title)).ToList();

    /// <summary>Every save changes the statement row, so its xmin moves and a stale copy cannot overwrite it.</summary>
    public void Touch(TimeProvider clock) => UpdatedAt = clock.GetUtcNow();

    private void RequireSomeText() => Require(Translations.Any(t => !string.IsNullOrWhiteSpace(t.Title)), ErrorKeys.TitleRequired);

    private static void Require(bool condition, string errorKey)
    {
        if (!condition)
            throw new RuleException(errorKey);
    }
}

/// <summary>
/// Resource keys of the errors the statement workflow reports. The web layer localises them
/// (Resources/WorkspaceStrings.*.resx); a test checks every key here has both texts.
/// </summary>
public static class StatementErrors
{
    public const string NotADraft = "Error_NotADraft";
    public const string NotInReview = "Error_NotInReview";
    public const string AlreadyPublished = "Error_AlreadyPublished";
    public const string NotPublished = "Error_NotPublished";
    public const string NotScheduled = "Error_NotScheduled";
    public const string ScheduleInPast = "Error_ScheduleInPast";
    public const string MissingTranslation = "Error_MissingTranslation";
    public const string CorrectionNoteRequired = "Error_CorrectionNoteRequired";
    public const string RetractionReasonRequired = "Error_RetractionReasonRequired";
    public const string CommentRequired = "Error_CommentRequired";
    public const string PublicTextNeedsCorrection = "Error_PublicTextNeedsCorrection";
    public const string Retracted = "Error_Retracted";
    public const string RelatedToItself = "Error_RelatedToItself";
    public const string PhotoAltRequired = "Error_PhotoAltRequired";
    public const string TranslationNotOutdated = "Error_TranslationNotOutdated";

    public static IReadOnlyList<string> All { get; } =
        typeof(StatementErrors).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
}
