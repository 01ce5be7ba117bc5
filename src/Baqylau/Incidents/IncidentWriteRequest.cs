using Baqylau.Common;
using Baqylau.Localization;
using Baqylau.Statements;

namespace Baqylau.Incidents;

/// <summary>
/// An incident as a field tool or bot sends it to POST/PUT /api/v1/incidents: texts per language side by side
/// (as the read API gives them), taxonomy terms by slug, region by code, linked statements by id or public id.
/// A PUT replaces every field listed here.
/// </summary>
public sealed record IncidentWriteRequest
{
    /// <summary>Organisation slug; honoured for platform admins on create, everyone else writes to their own.</summary>
    public string? Organisation { get; init; }

    public Dictionary<string, string>? Title { get; init; }

    public Dictionary<string, string>? Description { get; init; }

    public OccurredRequest? Occurred { get; init; }

    public string? Category { get; init; }

    public string? Actor { get; init; }

    public string? Region { get; init; }

    public string? Campaign { get; init; }

    public string? Settlement { get; init; }

    public string? PollingStation { get; init; }

    public List<SourceRequest>? Sources { get; init; }

    public List<string>? Statements { get; init; }

    /// <summary>Editors and admins only; omitted leaves it as it is (a new incident starts internal).</summary>
    public IncidentVisibility? Visibility { get; init; }
}

/// <summary>A fuzzy date: precision plus only the parts it needs (time is Kazakhstan wall-clock "HH:mm").</summary>
public sealed record OccurredRequest(DatePrecision Precision, int? Year, int? EndYear, int? Month, int? Day, TimeOnly? Time)
{
    public FuzzyDate ToFuzzyDate() => new()
    {
        Precision = Precision,
        Year = Year,
        EndYear = EndYear,
        Month = Month,
        Day = Day,
        Time = Time,
    };
}

public sealed record SourceRequest(SourceKind Kind, string? Url, string? Title, DateOnly? AccessedOn, string? ArchiveUrl);

/// <summary>What a write answers: the ids, the new version (also the ETag) and the state.</summary>
public sealed record IncidentWriteResult(Guid Id, string PublicId, uint Version, VerificationStatus Verification, IncidentVisibility Visibility);

public static class IncidentWriteMapping
{
    /// <summary>Texts per language into the service's content; an unknown language is a validation error of its own.</summary>
    public static IReadOnlyList<IncidentTextContent> Texts(IncidentWriteRequest request, List<ValidationError> errors)
    {
        var languages = (request.Title?.Keys ?? Enumerable.Empty<string>()).Concat(request.Description?.Keys ?? Enumerable.Empty<string>())
            .Distinct(StringComparer.Ordinal).ToList();
        if (languages.Any(l => !Cultures.All.Contains(l, StringComparer.Ordinal)))
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, IncidentFields.Title));
        return
        [
            .. Cultures.All.Select(lang => new IncidentTextContent(
                lang,
                request.Title?.GetValueOrDefault(lang) ?? string.Empty,
                request.Description?.GetValueOrDefault(lang) ?? string.Empty)),
        ];
    }
}
