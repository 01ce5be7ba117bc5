using Baqylau.Localization;
using Baqylau.Statements;
using Baqylau.Web.Components.Shared;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Statements.Workspace;

/// <summary>The statement editor's working copy (texts per language, and the statement's fields).</summary>
public sealed class StatementForm : EditorForm<StatementForm>
{
    public static readonly IReadOnlyList<string> TextFields = ["Title", "Lead", "Body", "PhotoCaption", "PhotoAlt"];

    public override IReadOnlyList<string> TextFieldNames => TextFields;

    public Guid? CampaignId { get; set; }

    public Guid? RubricId { get; set; }

    public List<Guid> TagIds { get; set; } = [];

    public List<NamedRef> Related { get; set; } = [];

    public string? PhotoPath { get; set; }

    public static StatementForm From(StatementEditModel model)
    {
        var form = new StatementForm
        {
            CampaignId = model.Content.CampaignId,
            RubricId = model.Content.RubricId,
            TagIds = [.. model.Content.TagIds],
            Related = [.. model.Related],
            PhotoPath = model.Content.PhotoPath,
        };
        foreach (var t in model.Content.Translations)
        {
            form.Set(t.Culture, "Title", t.Title);
            form.Set(t.Culture, "Lead", t.Lead);
            form.Set(t.Culture, "Body", t.Body);
            form.Set(t.Culture, "PhotoCaption", t.PhotoCaption);
            form.Set(t.Culture, "PhotoAlt", t.PhotoAlt);
        }

        return form;
    }

    public StatementContent ToContent() => new()
    {
        CampaignId = CampaignId,
        RubricId = RubricId,
        TagIds = [.. TagIds],
        RelatedIds = [.. Related.Select(r => r.Id)],
        PhotoPath = PhotoPath,
        Translations = [.. Cultures.All.Select(lang => new TranslationContent(
            lang, Get(lang, "Title"), Get(lang, "Lead"), Get(lang, "Body"), NullIfEmpty(Get(lang, "PhotoCaption")), NullIfEmpty(Get(lang, "PhotoAlt"))))],
    };

    public override bool SameAs(StatementForm other) => SameFields(other) && SameTexts(other);

    /// <summary>
    /// Each field that differs, as "theirs" (this, the server's) and "mine": texts one by one, the rest (rubric,
    /// campaign, tags, "Read also", photo) as one line of "Read also" titles, so the conflict view stays readable.
    /// </summary>
    public List<ConflictField> Differences(StatementForm mine, IStringLocalizer W)
    {
        var list = TextDifferences(mine, (field, lang) => $"{W[$"Field_{field}"]} · {W[$"Lang_{lang}"]}").ToList();
        if (!SameFields(mine))
            list.Add(new ConflictField(W["Conflict_OtherFields"], string.Join(", ", Related.Select(r => r.Name)), string.Join(", ", mine.Related.Select(r => r.Name))));
        return list;
    }

    private bool SameFields(StatementForm other) =>
        CampaignId == other.CampaignId && RubricId == other.RubricId && PhotoPath == other.PhotoPath
        && TagIds.Order().SequenceEqual(other.TagIds.Order())
        && Related.Select(r => r.Id).SequenceEqual(other.Related.Select(r => r.Id));

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
