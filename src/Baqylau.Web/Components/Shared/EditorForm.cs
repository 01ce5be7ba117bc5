using System.Text.Json;
using System.Text.Json.Serialization;
using Baqylau.Localization;

namespace Baqylau.Web.Components.Shared;

/// <summary>
/// An editor's working copy (statements, incidents): what the user typed, kept before and after a failed save. Text
/// fields are keyed "kk.Title", "ru.Body" …, so the browser's script (statement-autosave.js) can patch them from the
/// page when the connection is gone. The whole form travels as JSON to the browser's keeping.
/// </summary>
public abstract class EditorForm<TSelf>
    where TSelf : EditorForm<TSelf>
{
    public Dictionary<string, string> Texts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The text fields of one language, in the order the conflict view lists them.</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<string> TextFieldNames { get; }

    public string Get(string lang, string field) => Texts.TryGetValue($"{lang}.{field}", out var v) ? v : string.Empty;

    public void Set(string lang, string field, string? value) => Texts[$"{lang}.{field}"] = value ?? string.Empty;

    /// <summary>Same content as <paramref name="other"/> (whitespace at the ends aside, which the services trim).</summary>
    public abstract bool SameAs(TSelf other);

    public TSelf Clone() => EditorForms.FromJson<TSelf>(ToJson())!;

    public string ToJson() => JsonSerializer.Serialize((TSelf)this, EditorForms.Json);

    /// <summary>
    /// A copy the browser kept, over the server's form: the text fields (which the page's script may have patched
    /// after the connection dropped) win over the server's, the rest comes from the copy.
    /// </summary>
    public TSelf Over(TSelf serverForm)
    {
        var merged = Clone();
        merged.Texts = new Dictionary<string, string>(serverForm.Texts, StringComparer.Ordinal);
        foreach (var (k, v) in Texts)
            merged.Texts[k] = v;
        return merged;
    }

    /// <summary>Fills what an older copy's JSON may lack (lists added since).</summary>
    protected internal virtual void Normalise()
    {
    }

    /// <summary>The same texts in every language (whitespace at the ends aside, which the services trim).</summary>
    protected bool SameTexts(TSelf other) =>
        Cultures.All.All(l => TextFieldNames.All(f => Get(l, f).Trim() == other.Get(l, f).Trim()));

    /// <summary>Each text that differs, as "theirs" (this, the server's) and "mine", labelled by field and language.</summary>
    protected IEnumerable<ConflictField> TextDifferences(TSelf mine, Func<string, string, string> label)
    {
        foreach (var lang in Cultures.All)
        {
            foreach (var field in TextFieldNames)
            {
                var theirs = Get(lang, field);
                var my = mine.Get(lang, field);
                if (theirs.Trim() != my.Trim())
                    yield return new ConflictField(label(field, lang), theirs, my);
            }
        }
    }
}

/// <summary>What the browser kept: the form, when, and the server version it was based on.</summary>
public sealed record LocalCopy<TForm>(long SavedAt, uint? BaseVersion, TForm Form)
    where TForm : EditorForm<TForm>
{
    public DateTimeOffset SavedAtTime => DateTimeOffset.FromUnixTimeMilliseconds(SavedAt);
}

/// <summary>Reading and writing editor forms as JSON, as the browser keeps them.</summary>
public static class EditorForms
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TForm? FromJson<TForm>(string? json)
        where TForm : EditorForm<TForm>
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            return Normalised(JsonSerializer.Deserialize<TForm>(json, Json));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads the record statement-autosave.js keeps ({ savedAt, baseVersion, form }).</summary>
    public static LocalCopy<TForm>? ParseLocalCopy<TForm>(string? json)
        where TForm : EditorForm<TForm>
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var savedAt = root.TryGetProperty("savedAt", out var s) && s.TryGetInt64(out var ms) ? ms : 0;
            uint? baseVersion = root.TryGetProperty("baseVersion", out var b) && b.ValueKind == JsonValueKind.Number && b.TryGetUInt32(out var v) ? v : null;
            var form = root.TryGetProperty("form", out var f) ? Normalised(f.Deserialize<TForm>(Json)) : null;
            return form is null ? null : new LocalCopy<TForm>(savedAt, baseVersion, form);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TForm? Normalised<TForm>(TForm? form)
        where TForm : EditorForm<TForm>
    {
        if (form is not null)
        {
            form.Texts = new Dictionary<string, string>(form.Texts ?? [], StringComparer.Ordinal);
            form.Normalise();
        }

        return form;
    }
}
