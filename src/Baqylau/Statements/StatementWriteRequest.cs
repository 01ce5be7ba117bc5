using Baqylau.Localization;

namespace Baqylau.Statements;

/// <summary>
/// A statement draft as a tool sends it to POST/PUT /api/v1/statements: texts per language side by side, rubric,
/// campaign and tags by slug, "Read also" by id or public id. The photo is set in the workspace only; a PUT keeps it.
/// </summary>
public sealed record StatementWriteRequest
{
    /// <summary>Organisation slug; honoured for platform admins on create.</summary>
    public string? Organisation { get; init; }

    public Dictionary<string, string>? Title { get; init; }

    public Dictionary<string, string>? Lead { get; init; }

    /// <summary>Markdown, as in the workspace editor.</summary>
    public Dictionary<string, string>? Body { get; init; }

    public Dictionary<string, string>? PhotoCaption { get; init; }

    public Dictionary<string, string>? PhotoAlt { get; init; }

    public string? Rubric { get; init; }

    public string? Campaign { get; init; }

    public List<string>? Tags { get; init; }

    public List<string>? Related { get; init; }

    public IReadOnlyList<TranslationContent> Translations(List<ValidationError> errors)
    {
        var maps = new[] { Title, Lead, Body, PhotoCaption, PhotoAlt };
        if (maps.Where(m => m is not null).SelectMany(m => m!.Keys).Any(l => !Cultures.All.Contains(l, StringComparer.Ordinal)))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, StatementFields.Title));
        return
        [
            .. Cultures.All.Select(lang => new TranslationContent(
                lang,
                Title?.GetValueOrDefault(lang) ?? string.Empty,
                Lead?.GetValueOrDefault(lang) ?? string.Empty,
                Body?.GetValueOrDefault(lang) ?? string.Empty,
                PhotoCaption?.GetValueOrDefault(lang),
                PhotoAlt?.GetValueOrDefault(lang))),
        ];
    }
}

public sealed record StatementWriteResult(Guid Id, string PublicId, uint Version, StatementStatus Status);
