using System.Text.Json;
using Baqylau.Localization;
using Baqylau.Statements;
using Baqylau.Web.Components.Shared;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Statements.Workspace;

/// <summary>
/// The editor's working copy: what the user typed, before and after a failed save. Text fields are keyed
/// "kk.Title", "ru.Body" ... so the browser's autosave script can patch them without the server.
/// </summary>
public sealed class StatementForm
{
    public static readonly IReadOnlyList<string> TextFields = ["Title", "Lead", "Body", "PhotoCaption", "PhotoAlt"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Dictionary<string, string> Texts { get; set; } = new(StringComparer.Ordinal);

    public Guid? CampaignId { get; set; }

    public Guid? RubricId { get; set; }

    public List<Guid> TagIds { get; set; } = [];

    public List<NamedRef> Related { get; set; } = [];

    public string? PhotoPath { get; set; }

    public string Get(string lang, string field) => Texts.TryGetValue($"{lang}.{field}", out var v) ? v : string.Empty;

    public void Set(string lang, string field, string? value) => Texts[$"{lang}.{field}"] = value ?? string.Empty;

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

    /// <summary>Same content as the server's (whitespace at the ends aside, which the service trims).</summary>
    public bool SameAs(StatementForm other) =>
        CampaignId == other.CampaignId && RubricId == other.RubricId && PhotoPath == other.PhotoPath
        && TagIds.Order().SequenceEqual(other.TagIds.Order())
        && Related.Select(r => r.Id).SequenceEqual(other.Related.Select(r => r.Id))
        && Cultures.All.All(l => TextFields.All(f => Get(l, f).Trim() == other.Get(l, f).Trim()));

    /// <summary>
    /// Each field that differs, as "theirs" (this, the server's) and "mine": texts one by one, the rest (rubric,
    /// campaign, tags, "Read also", photo) as one line of "Read also" titles, so the conflict view stays readable.
    /// </summary>
    public List<ConflictField> Differences(StatementForm mine, IStringLocalizer W)
    {
        var list = new List<ConflictField>();
        foreach (var lang in Cultures.All)
        {
            foreach (var field in TextFields)
            {
                var theirs = Get(lang, field);
                var my = mine.Get(lang, field);
                if (theirs.Trim() != my.Trim())
                    list.Add(new ConflictField($"{W[$"Field_{field}"]} · {W[$"Lang_{lang}"]}", theirs, my));
            }
        }

        if (RubricId != mine.RubricId || CampaignId != mine.CampaignId || !TagIds.Order().SequenceEqual(mine.TagIds.Order())
            || !Related.Select(r => r.Id).SequenceEqual(mine.Related.Select(r => r.Id)) || PhotoPath != mine.PhotoPath)
            list.Add(new ConflictField(W["Conflict_OtherFields"], string.Join(", ", Related.Select(r => r.Name)), string.Join(", ", mine.Related.Select(r => r.Name))));
        return list;
    }

    public StatementForm Clone() => FromJson(ToJson())!;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static StatementForm? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            var form = JsonSerializer.Deserialize<StatementForm>(json, Json);
            if (form is not null)
                form.Texts = new Dictionary<string, string>(form.Texts ?? [], StringComparer.Ordinal);
            return form;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>What the browser kept: the form and when, and the server version it was based on.</summary>
public sealed record LocalCopy(long SavedAt, uint? BaseVersion, StatementForm Form)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public DateTimeOffset SavedAtTime => DateTimeOffset.FromUnixTimeMilliseconds(SavedAt);

    public static LocalCopy? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var savedAt = root.TryGetProperty("savedAt", out var s) && s.TryGetInt64(out var ms) ? ms : 0;
            uint? baseVersion = root.TryGetProperty("baseVersion", out var b) && b.ValueKind == JsonValueKind.Number && b.TryGetUInt32(out var v) ? v : null;
            var form = root.TryGetProperty("form", out var f) ? f.Deserialize<StatementForm>(Json) : null;
            if (form is null)
                return null;
            form.Texts = new Dictionary<string, string>(form.Texts ?? [], StringComparer.Ordinal);
            return new LocalCopy(savedAt, baseVersion, form);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
