using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baqylau.Auditing;
using Baqylau.Campaigns;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Localization;
using Baqylau.Organisations;
using Baqylau.Statements;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Auditing;

/// <summary>A piece of a shown value; <see cref="Changed"/> marks words removed (before) or added (after).</summary>
public sealed record AuditSegment(string Text, bool Changed);

/// <summary>One row of a shown value: a language of a bilingual text, a key date, a line of a long text.</summary>
public sealed record AuditValueRow(string? Label, IReadOnlyList<AuditSegment> Segments, bool Changed)
{
    public string Text => string.Concat(Segments.Select(s => s.Text));
}

/// <summary>A value in words, as rows; no rows means "no value".</summary>
public sealed record AuditValue(IReadOnlyList<AuditValueRow> Rows)
{
    public static readonly AuditValue None = new([]);

    public bool IsEmpty => Rows.Count == 0;

    /// <summary>Long values are folded in the viewer so one statement body does not fill the screen.</summary>
    public bool IsLong => Rows.Count > 12 || Rows.Sum(r => r.Text.Length) > 600;

    /// <summary>The whole value on one line ("label: text; …"), for the CSV.</summary>
    public string Plain => string.Join("; ", Rows.Select(r => r.Label is null ? r.Text : $"{r.Label}: {r.Text}"));
}

/// <summary>A field's change in words. <see cref="Hidden"/>: internal or secret, shown as "changed" and nothing more.</summary>
public sealed record PresentedChange(string Field, string FieldName, bool Hidden, AuditValue Before, AuditValue After);

/// <summary>An audit entry in words: who, when (Kazakhstan time, to the second), what, and each field before and after.</summary>
public sealed record PresentedEntry(AuditRow Row, string EntityName, string ActionName, string At, IReadOnlyList<PresentedChange> Changes);

/// <summary>
/// Words the audit log for people: entity and field names from resources (kk and ru), enum values by their names (the
/// keys the editors already use), dates in Kazakhstan time, bilingual texts and lists as rows, and the change marked.
/// Codes stay in <see cref="AuditRow"/> for the CSV. Names the resources lack fall back to the code split into words.
/// </summary>
public sealed partial class AuditPresenter(
    IStringLocalizer<AuditStrings> au,
    IStringLocalizer<AdminStrings> admin,
    IStringLocalizer<WorkspaceStrings> workspace,
    AuditSchema schema)
{
    private const string OperationField = "operation";

    // Identity's user-role link stores the role by id.
    private const string RoleField = "RoleId";

    /// <summary>Entity type name → resource key ("IdentityUserRole`1" → "Entity_IdentityUserRole_1").</summary>
    public static string EntityKey(string entityType) => "Entity_" + KeyPart(entityType);

    /// <summary>Field key; an entity-specific key ("Field_Campaign_Kind") wins over the shared one ("Field_Kind").</summary>
    public static IEnumerable<string> FieldKeys(string entityType, string field) =>
        [$"Field_{KeyPart(entityType)}_{KeyPart(field)}", "Field_" + KeyPart(field)];

    public string EntityName(string entityType) => Find(au, EntityKey(entityType)) ?? Humanize(entityType);

    public string FieldName(string entityType, string field) =>
        FieldKeys(entityType, field).Select(k => Find(au, k)).FirstOrDefault(t => t is not null) ?? Humanize(field);

    public string ActionName(AuditAction action) => Find(admin, "AuditAction_" + action) ?? Humanize(action.ToString());

    /// <summary>Kazakhstan time to the second in the current language.</summary>
    public static string Time(DateTimeOffset at) => Datelines.FormatToSecond(at, Cultures.Current);

    /// <summary>An enum value by its name in the current language, or null when no resource has one.</summary>
    public string? EnumName(Enum value)
    {
        var name = value.ToString();
        return value switch
        {
            StatementStatus => Find(workspace, "Status_" + name),
            IncidentVisibility => Find(workspace, "Visibility_" + name),
            VerificationStatus => Find(workspace, "Verification_" + name),
            DatePrecision => Find(workspace, "Precision_" + name),
            SourceKind => Find(workspace, "SourceKind_" + name),
            RevisionKind => Find(workspace, "Revision_" + name),
            CampaignKind => Find(admin, "Kind_" + name),
            CampaignDateKind => Find(admin, "DateKind_" + name),
            StanceKind => Find(admin, "Stance_" + name),
            AuditAction => Find(admin, "AuditAction_" + name),
            _ => Find(au, $"Enum_{value.GetType().Name}_{name}"),
        };
    }

    /// <summary>The entity types for the filter: code and words, sorted by the words.</summary>
    public IReadOnlyList<(string Code, string Name)> EntityChoices(IEnumerable<string> codes) =>
        codes.Select(c => (c, EntityName(c))).OrderBy(c => c.Item2, StringComparer.Create(CultureInfo.CurrentUICulture, false)).ToList();

    public PresentedEntry Present(AuditRow row, IReadOnlyDictionary<string, string>? roleNames = null) =>
        new(row, EntityName(row.EntityType), ActionName(row.Action), Time(row.At),
            row.Changes.Select(c => Present(row.EntityType, c, roleNames)).ToList());

    public PresentedChange Present(string entityType, AuditChange change, IReadOnlyDictionary<string, string>? roleNames = null)
    {
        var name = FieldName(entityType, change.Field);
        if (change.Hidden)
            return new PresentedChange(change.Field, name, true, AuditValue.None, AuditValue.None);
        var type = schema.TypeOf(entityType, change.Field);
        var before = Rows(entityType, change.Field, type, change.Before, roleNames);
        var after = Rows(entityType, change.Field, type, change.After, roleNames);
        var (b, a) = Mark(before, after);
        return new PresentedChange(change.Field, name, false, new AuditValue(b), new AuditValue(a));
    }

    // Unmarked rows of one side: (label, text).
    private List<(string? Label, string Text)> Rows(string entityType, string field, Type? type, string? stored, IReadOnlyDictionary<string, string>? roleNames)
    {
        if (stored is null)
            return [];
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (field == OperationField && type is null)
            return [(null, Find(au, "Operation_" + KeyPart(stored)) ?? Humanize(stored))];
        // A language code (an account's interface language, a translation's language) reads as the language's name.
        if (type == typeof(string) && field is "PreferredCulture" or "Culture" && Find(au, "Language_" + KeyPart(stored)) is { } language)
            return [(null, language)];
        if (type == typeof(string))
            return TextRows(stored);
        if (field == RoleField && roleNames is not null && roleNames.TryGetValue(stored, out var role))
            return [(null, Find(admin, "Role_" + role) ?? role)];

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(stored);
        }
        catch (JsonException)
        {
            // The log hands JSON strings over unquoted (a date, a time, an enum written by name): the text is the value.
            if (type is null)
                return TextRows(stored);
            node = JsonValue.Create(stored);
        }

        if (node is null)
            return [];
        if (type is null)
            return UnknownRows(entityType, node);
        if (type == typeof(LocalizedText))
            return LanguageRows(node);
        if (ElementType(type) is { } element)
        {
            return node is JsonArray items
                ? items.Select(i => ((string?)null, Item(element, i))).Where(r => r.Item2.Length > 0).ToList()
                : [(null, node.ToJsonString(JsonColumn.Options))];
        }

        return [(null, Scalar(type, node))];
    }

    private static List<(string? Label, string Text)> TextRows(string text)
    {
        // A long text with lines (a statement body) is compared line by line; a short one as one row.
        if (!text.Contains('\n', StringComparison.Ordinal))
            return [(null, text)];
        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => ((string?)null, l)).ToList();
    }

    private List<(string? Label, string Text)> LanguageRows(JsonNode node)
    {
        if (node is not JsonObject texts)
            return [(null, Plain(node))];
        // Kazakh first, then Russian, then any other language the data has.
        return texts.OrderBy(p => p.Key == Cultures.Kazakh ? 0 : p.Key == Cultures.Russian ? 1 : 2).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Where(p => p.Value is not null && Plain(p.Value).Length > 0)
            .Select(p => ((string?)(Find(au, "Language_" + p.Key) ?? p.Key), Plain(p.Value)))
            .ToList();
    }

    // Values of entries the model does not describe (explicit notes such as an export's filter): objects by their fields.
    private List<(string? Label, string Text)> UnknownRows(string entityType, JsonNode node) => node switch
    {
        JsonObject o => o.Where(p => p.Value is not null && Plain(p.Value).Length > 0)
            .Select(p => ((string?)FieldName(entityType, Pascal(p.Key)), UnknownValue(p.Key, p.Value!))).ToList(),
        JsonArray a => a.Select(i => ((string?)null, Plain(i))).ToList(),
        _ => [(null, Plain(node))],
    };

    // An export's filter names an action and an entity type by code; say them in words too.
    private string UnknownValue(string key, JsonNode value) => (key, value) switch
    {
        ("action", JsonValue v) when v.TryGetValue<int>(out var n) && Enum.IsDefined(typeof(AuditAction), n) => ActionName((AuditAction)n),
        ("entityType", JsonValue v) when v.TryGetValue<string>(out var s) => EntityName(s),
        ("from" or "to", JsonValue v) when v.TryGetValue<string>(out var s) && DateOnly.TryParse(s, CultureInfo.InvariantCulture, out var d) => Datelines.FormatDate(d, Cultures.Current),
        _ => Plain(value),
    };

    /// <summary>One element of a stored list (a key date, a legal reference, a correction) on one line.</summary>
    private string Item(Type element, JsonNode? node)
    {
        if (node is null)
            return string.Empty;
        if (node is not JsonObject o || element == typeof(string) || element.IsPrimitive)
            return Scalar(element, node);
        var parts = new List<string>();
        string? label = null;
        string? start = null;
        foreach (var property in element.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = o.FirstOrDefault(p => string.Equals(p.Key, property.Name, StringComparison.OrdinalIgnoreCase)).Value;
            if (value is null)
                continue;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var text = type == typeof(LocalizedText) ? CurrentLanguage(value) : Scalar(type, value);
            if (text.Length == 0)
                continue;
            // The first enum names the row (a key date's kind); a Start/End pair reads as a span.
            if (type.IsEnum && label is null)
                label = text;
            else if (property.Name == "Start")
                start = text;
            else if (property.Name == "End" && start is not null)
                start = $"{start} – {text}";
            else
                parts.Add(text);
        }

        if (start is not null)
            parts.Insert(0, start);
        var body = string.Join(" · ", parts);
        return label is null ? body : body.Length == 0 ? label : $"{label}: {body}";
    }

    // A bilingual note inside a list row: the viewer's language, or the other when that one is empty.
    private static string CurrentLanguage(JsonNode node)
    {
        if (node is not JsonObject texts)
            return Plain(node);
        var mine = texts[Cultures.Current] is { } m ? Plain(m) : string.Empty;
        return mine.Length > 0 ? mine : texts[Cultures.Other(Cultures.Current)] is { } o ? Plain(o) : string.Empty;
    }

    private string Scalar(Type type, JsonNode node)
    {
        if (node is not JsonValue value)
            return node.ToJsonString(JsonColumn.Options);
        var culture = CultureInfo.CurrentCulture;
        if (type.IsEnum)
        {
            object? raw = value.TryGetValue<long>(out var n) ? Enum.ToObject(type, n)
                : value.TryGetValue<string>(out var s) && Enum.TryParse(type, s, out var parsed) ? parsed : null;
            if (raw is Enum e)
                return EnumName(e) ?? Humanize(e.ToString());
            return Plain(node);
        }

        if (type == typeof(bool) && value.TryGetValue<bool>(out var flag))
            return Find(au, flag ? "Value_Yes" : "Value_No") ?? flag.ToString();
        if (type == typeof(DateOnly) && value.TryGetValue<string>(out var day) && DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return Datelines.FormatDate(d, Cultures.Current);
        if ((type == typeof(DateTimeOffset) || type == typeof(DateTime)) && value.TryGetValue<string>(out var instant)
            && DateTimeOffset.TryParse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return Time(at);
        if (value.TryGetValue<long>(out var whole))
            return whole.ToString("N0", culture);
        if (value.TryGetValue<double>(out var real))
            return real.ToString(culture);
        return Plain(node);
    }

    private static string Plain(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(JsonColumn.Options),
    };

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
            return null;
        if (type.IsArray)
            return type.GetElementType();
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;
    }

    /// <summary>
    /// Marks the change: rows with a label (languages, fields) pair by label and one-row values pair with each other,
    /// and within a pair only the changed words are marked; other rows (list items, lines) are marked as a whole when
    /// the other side lacks them.
    /// </summary>
    private static (List<AuditValueRow> Before, List<AuditValueRow> After) Mark(List<(string? Label, string Text)> before, List<(string? Label, string Text)> after)
    {
        var b = new List<AuditValueRow>();
        var a = new List<AuditValueRow>();
        if (before.Count <= 1 && after.Count <= 1 && before.All(r => r.Label is null) && after.All(r => r.Label is null))
        {
            var (x, y) = Words(before.Count == 0 ? null : before[0].Text, after.Count == 0 ? null : after[0].Text);
            if (before.Count == 1)
                b.Add(new AuditValueRow(null, x, after.Count == 0 || before[0].Text != after[0].Text));
            if (after.Count == 1)
                a.Add(new AuditValueRow(null, y, before.Count == 0 || before[0].Text != after[0].Text));
            return (b, a);
        }

        if (before.Concat(after).All(r => r.Label is not null))
        {
            foreach (var row in before)
            {
                var other = after.FirstOrDefault(r => r.Label == row.Label);
                var (x, _) = Words(row.Text, other.Label is null ? null : other.Text);
                b.Add(new AuditValueRow(row.Label, x, other.Label is null || other.Text != row.Text));
            }

            foreach (var row in after)
            {
                var other = before.FirstOrDefault(r => r.Label == row.Label);
                var (_, y) = Words(other.Label is null ? null : other.Text, row.Text);
                a.Add(new AuditValueRow(row.Label, y, other.Label is null || other.Text != row.Text));
            }

            return (b, a);
        }

        // Lists and lines: the same diff the statement revisions use, over rows instead of lines.
        var diff = LineDiff.Compute(string.Join('\n', before.Select(Key)), string.Join('\n', after.Select(Key)));
        int i = 0, j = 0;
        foreach (var line in diff)
        {
            switch (line.Op)
            {
                case DiffOp.Same:
                    b.Add(Whole(before[i++], false));
                    a.Add(Whole(after[j++], false));
                    break;
                case DiffOp.Removed:
                    b.Add(Whole(before[i++], true));
                    break;
                default:
                    a.Add(Whole(after[j++], true));
                    break;
            }
        }

        return (b, a);
    }

    // Rows are compared by their full text; a new line inside a row would split the diff's lines.
    private static string Key((string? Label, string Text) row) => $"{row.Label}\u001f{row.Text}".Replace('\n', ' ');

    private static AuditValueRow Whole((string? Label, string Text) row, bool changed) =>
        new(row.Label, [new AuditSegment(row.Text, changed)], changed);

    /// <summary>Word-level marks: words of <paramref name="before"/> not kept, words of <paramref name="after"/> new.</summary>
    internal static (IReadOnlyList<AuditSegment> Before, IReadOnlyList<AuditSegment> After) Words(string? before, string? after)
    {
        if (before is null || after is null || before == after)
        {
            var same = before == after;
            return (before is null ? [] : [new AuditSegment(before, !same)], after is null ? [] : [new AuditSegment(after, !same)]);
        }

        var x = Tokens().Matches(before).Select(m => m.Value).ToArray();
        var y = Tokens().Matches(after).Select(m => m.Value).ToArray();
        var diff = LineDiff.Compute(string.Join('\n', x), string.Join('\n', y));
        var b = new List<AuditSegment>();
        var a = new List<AuditSegment>();
        foreach (var token in diff)
        {
            if (token.Op != DiffOp.Added)
                Append(b, token.Text, token.Op == DiffOp.Removed);
            if (token.Op != DiffOp.Removed)
                Append(a, token.Text, token.Op == DiffOp.Added);
        }

        return (b, a);
    }

    private static void Append(List<AuditSegment> segments, string text, bool changed)
    {
        // Whitespace between two changed words joins them, so a changed phrase is one mark, not a string of them.
        if (segments.Count > 0 && (segments[^1].Changed == changed || (changed && string.IsNullOrWhiteSpace(segments[^1].Text) && segments.Count > 1 && segments[^2].Changed)))
        {
            if (segments[^1].Changed == changed)
            {
                segments[^1] = segments[^1] with { Text = segments[^1].Text + text };
                return;
            }

            var space = segments[^1].Text;
            segments.RemoveAt(segments.Count - 1);
            segments[^1] = segments[^1] with { Text = segments[^1].Text + space + text };
            return;
        }

        segments.Add(new AuditSegment(text, changed));
    }

    private static string? Find(IStringLocalizer strings, string key)
    {
        var text = strings[key];
        return text.ResourceNotFound || string.IsNullOrWhiteSpace(text.Value) ? null : text.Value;
    }

    /// <summary>A resource key part: letters and digits, anything else as "_".</summary>
    public static string KeyPart(string code) => NotKeyChar().Replace(code, "_");

    private static string Pascal(string camel) => camel.Length == 0 ? camel : char.ToUpperInvariant(camel[0]) + camel[1..];

    /// <summary>Last resort for a name no resource has: "IdentityUserRole`1" → "Identity user role", "Occurred.Year" → "Occurred year".</summary>
    public static string Humanize(string code)
    {
        // Digits only come from generic arity ("`1"), which means nothing to a reader.
        var words = WordPattern().Matches(code).Select(m => m.Value).Where(w => !w.All(char.IsDigit)).ToList();
        if (words.Count == 0)
            return code;
        var text = string.Join(' ', words.Select((w, i) => i == 0 || w.All(char.IsUpper) ? w : w.ToLowerInvariant()));
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    [GeneratedRegex(@"[^A-Za-z0-9]")]
    private static partial Regex NotKeyChar();

    [GeneratedRegex(@"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\s+|[^\s]+")]
    private static partial Regex Tokens();
}
