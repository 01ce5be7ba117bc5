using System.Text.Json;
using Baqylau.Common;
using Baqylau.Data;

namespace Baqylau.Statements;

public sealed record TranslationSnapshot(
    string Culture,
    string Slug,
    string Title,
    string Lead,
    string Body,
    string? PhotoCaption,
    string? PhotoAlt,
    DateTimeOffset UpdatedAt);

/// <summary>The full state of a statement at one save, stored as the revision's JSON.</summary>
public sealed record StatementSnapshot(
    StatementStatus Status,
    Guid OrganisationId,
    Guid? CampaignId,
    Guid? RubricId,
    IReadOnlyList<Guid> TagIds,
    IReadOnlyList<Guid> RelatedIds,
    string? PhotoPath,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? ScheduledFor,
    DateTimeOffset? RetractedAt,
    LocalizedText RetractionReason,
    IReadOnlyList<StatementCorrection> Corrections,
    IReadOnlyList<TranslationSnapshot> Translations)
{
    public static StatementSnapshot Of(Statement s) => new(
        s.Status,
        s.OrganisationId,
        s.CampaignId,
        s.RubricId,
        [.. s.Tags.Select(t => t.Id).Order()],
        [.. s.Related.OrderBy(r => r.Position).Select(r => r.RelatedStatementId)],
        s.PhotoPath,
        s.PublishedAt,
        s.ScheduledFor,
        s.RetractedAt,
        s.RetractionReason.Clone(),
        [.. s.Corrections],
        [.. s.Translations.OrderBy(t => t.Culture, StringComparer.Ordinal)
            .Select(t => new TranslationSnapshot(t.Culture, t.Slug, t.Title, t.Lead, t.Body, t.PhotoCaption, t.PhotoAlt, t.UpdatedAt))]);

    public string ToJson() => JsonSerializer.Serialize(this, JsonColumn.Options);

    public static StatementSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<StatementSnapshot>(json, JsonColumn.Options) ?? throw new InvalidOperationException("Empty revision snapshot.");

    /// <summary>The editable part, for restoring a revision.</summary>
    public StatementContent ToContent() => new()
    {
        CampaignId = CampaignId,
        RubricId = RubricId,
        TagIds = TagIds,
        RelatedIds = RelatedIds,
        PhotoPath = PhotoPath,
        Translations = [.. Translations.Select(t => new TranslationContent(t.Culture, t.Title, t.Lead, t.Body, t.PhotoCaption, t.PhotoAlt))],
    };
}
