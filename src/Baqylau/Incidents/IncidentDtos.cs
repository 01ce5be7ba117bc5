using Baqylau.Common;
using Baqylau.Localization;

namespace Baqylau.Incidents;

/// <summary>A public incident in the read-only API: both languages side by side, only public fields.</summary>
public sealed record IncidentDto(
    string Id,
    IReadOnlyDictionary<string, string> Url,
    IReadOnlyDictionary<string, string> Title,
    IReadOnlyDictionary<string, string> Description,
    OccurredDto Occurred,
    DateTimeOffset RecordedAt,
    bool RecordedLater,
    TermDto Category,
    TermDto? Actor,
    TermDto? Region,
    string? Settlement,
    string? PollingStation,
    VerificationStatus Verification,
    IReadOnlyList<VerificationStep> VerificationHistory,
    IReadOnlyList<PublicSource> Sources,
    TermDto Organisation,
    TermDto? Campaign,
    IReadOnlyList<string> Statements,
    DateTimeOffset UpdatedAt)
{
    /// <param name="siteUrl">Absolute site root without a trailing slash, for permalinks.</param>
    public static IncidentDto From(PublicIncident i, string siteUrl)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new IncidentDto(
            i.PublicId,
            Cultures.All.ToDictionary(l => l, l => $"{siteUrl}/{l}/incidents/{i.PublicId}"),
            i.Texts.ToDictionary(t => t.Key, t => t.Value.Title),
            i.Texts.ToDictionary(t => t.Key, t => t.Value.Description),
            OccurredDto.From(i.Occurred),
            i.RecordedAt,
            i.RecordedLater,
            TermDto.From(i.Category.Key, i.Category.Name),
            i.Actor is null ? null : TermDto.From(i.Actor.Key, i.Actor.Name),
            i.Region is null ? null : TermDto.From(i.Region.Key, i.Region.Name),
            i.Settlement,
            i.PollingStation,
            i.Verification,
            i.History,
            i.Sources,
            TermDto.From(i.Organisation.Slug, i.Organisation.Name),
            i.Campaign is null ? null : TermDto.From(i.Campaign.Key, i.Campaign.Name),
            i.Statements.Select(s => s.PublicId).ToList(),
            i.UpdatedAt);
    }
}

/// <summary>
/// A fuzzy date for machines: its precision, the ISO form ("2019/2022", "2023-07", "" when unknown), the first
/// and last day it can mean, and the label people read in each language.
/// </summary>
public sealed record OccurredDto(DatePrecision Precision, string Iso, DateOnly? Start, DateOnly? End, IReadOnlyDictionary<string, string> Label)
{
    public static OccurredDto From(FuzzyDate d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Precision, d.ToIsoString(), d.StartDay, d.EndDay, Cultures.All.ToDictionary(l => l, d.Display));
    }
}
