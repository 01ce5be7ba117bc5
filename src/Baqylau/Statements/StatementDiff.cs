using Baqylau.Localization;

namespace Baqylau.Statements;

/// <summary>One changed field. <paramref name="Field"/> is a resource key (<see cref="StatementFields"/>); Lang is null for shared fields.</summary>
/// <param name="Lines">A line diff, for the body.</param>
public sealed record FieldDiff(string Field, string? Lang, string Before, string After, IReadOnlyList<DiffLine>? Lines = null);

public sealed record StatementDiff(int From, int To, IReadOnlyList<FieldDiff> Fields)
{
    public bool IsEmpty => Fields.Count == 0;
}

/// <summary>Compares two revision snapshots field by field, per language.</summary>
public static class StatementDiffer
{
    public static StatementDiff Compare(int fromNumber, StatementSnapshot from, int toNumber, StatementSnapshot to, IReadOnlyDictionary<Guid, string> names)
    {
        var fields = new List<FieldDiff>();
        Add(fields, StatementFields.Status, null, from.Status.ToString(), to.Status.ToString());
        Add(fields, StatementFields.Rubric, null, Name(names, from.RubricId), Name(names, to.RubricId));
        Add(fields, StatementFields.Campaign, null, Name(names, from.CampaignId), Name(names, to.CampaignId));
        Add(fields, StatementFields.Tags, null, Names(names, from.TagIds), Names(names, to.TagIds));
        Add(fields, StatementFields.Related, null, from.RelatedIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            to.RelatedIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), sameWhen: from.RelatedIds.SequenceEqual(to.RelatedIds));
        Add(fields, StatementFields.Photo, null, from.PhotoPath ?? string.Empty, to.PhotoPath ?? string.Empty);
        foreach (var lang in Cultures.All)
        {
            var a = from.Translations.FirstOrDefault(t => t.Culture == lang);
            var b = to.Translations.FirstOrDefault(t => t.Culture == lang);
            Add(fields, StatementFields.Title, lang, a?.Title ?? string.Empty, b?.Title ?? string.Empty);
            Add(fields, StatementFields.Slug, lang, a?.Slug ?? string.Empty, b?.Slug ?? string.Empty);
            Add(fields, StatementFields.Lead, lang, a?.Lead ?? string.Empty, b?.Lead ?? string.Empty);
            var bodyA = a?.Body ?? string.Empty;
            var bodyB = b?.Body ?? string.Empty;
            if (bodyA != bodyB)
                fields.Add(new FieldDiff(StatementFields.Body, lang, bodyA, bodyB, LineDiff.Compute(bodyA, bodyB)));
            Add(fields, StatementFields.PhotoCaption, lang, a?.PhotoCaption ?? string.Empty, b?.PhotoCaption ?? string.Empty);
            Add(fields, StatementFields.PhotoAlt, lang, a?.PhotoAlt ?? string.Empty, b?.PhotoAlt ?? string.Empty);
        }

        return new StatementDiff(fromNumber, toNumber, fields);
    }

    private static void Add(List<FieldDiff> fields, string field, string? lang, string before, string after, bool? sameWhen = null)
    {
        if (sameWhen ?? string.Equals(before, after, StringComparison.Ordinal))
            return;
        fields.Add(new FieldDiff(field, lang, before, after));
    }

    private static string Name(IReadOnlyDictionary<Guid, string> names, Guid? id) =>
        id is { } x ? names.GetValueOrDefault(x, x.ToString()) : string.Empty;

    private static string Names(IReadOnlyDictionary<Guid, string> names, IReadOnlyList<Guid> ids) =>
        string.Join(", ", ids.Select(i => names.GetValueOrDefault(i, i.ToString())).Order(StringComparer.CurrentCulture));
}
