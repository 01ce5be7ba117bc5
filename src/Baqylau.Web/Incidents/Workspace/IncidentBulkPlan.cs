using System.Globalization;
using Baqylau.Incidents;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Incidents.Workspace;

/// <summary>One line of the confirmation: a selected incident and whether the change is expected to apply to it.</summary>
public sealed record IncidentBulkLine(string Title, bool WillChange, string? Reason);

/// <summary>
/// Words a bulk action for the editor: what it is ("Verification → Verified"), what the list's copy of each selected
/// incident says will happen before it runs, and each refusal afterwards as "«title»: reason". The service decides;
/// the plan only forecasts from the rows shown, with the same rules (<see cref="IncidentRules.NextSteps"/>).
/// </summary>
public sealed class IncidentBulkPlan(IStringLocalizer w, IReadOnlyList<NamedRef> campaigns)
{
    public string Describe(IncidentBulkChange change) => change.Kind switch
    {
        IncidentBulkKind.Verification => Format("Bulk_Describe_Verification", w[$"Verification_{change.Verification}"]),
        IncidentBulkKind.Visibility => Format("Bulk_Describe_Visibility", w[$"Visibility_{change.Visibility}"]),
        _ => Format("Bulk_Describe_Campaign", CampaignName(change.CampaignId)),
    };

    public IReadOnlyList<IncidentBulkLine> Forecast(IReadOnlyCollection<IncidentRow> rows, IncidentBulkChange change) =>
        [.. rows.Select(r => Line(r, change))];

    /// <summary>A refusal as the editor reads it; another organisation's incident (or a vanished one) stays nameless.</summary>
    public string Refusal(IncidentBulkOutcome outcome, IncidentBulkChange change)
    {
        var title = string.IsNullOrEmpty(outcome.Title) ? w["Bulk_UnknownIncident"].Value : outcome.Title;
        return Format("Bulk_RefusedLine", title, Reason(outcome.ErrorKey ?? string.Empty, outcome.Verification, change));
    }

    private IncidentBulkLine Line(IncidentRow row, IncidentBulkChange change)
    {
        var title = string.IsNullOrEmpty(row.Title) ? "—" : row.Title;
        return change.Kind switch
        {
            IncidentBulkKind.Verification when !IncidentRules.NextSteps(row.Verification).Contains(change.Verification!.Value) =>
                new IncidentBulkLine(title, false, Reason(IncidentErrors.VerificationStep, row.Verification, change)),
            IncidentBulkKind.Visibility when row.Visibility == change.Visibility =>
                new IncidentBulkLine(title, false, w["Bulk_AlreadySo"]),
            _ => new IncidentBulkLine(title, true, null),
        };
    }

    private string Reason(string errorKey, VerificationStatus? current, IncidentBulkChange change)
    {
        if (errorKey == IncidentErrors.VerificationStep && current is { } from && change.Verification is { } to)
        {
            var next = string.Join(", ", IncidentRules.NextSteps(from).Select(s => $"«{w[$"Verification_{s}"]}»"));
            return Format("Bulk_Reason_VerificationStep", w[$"Verification_{to}"], w[$"Verification_{from}"], next);
        }

        return errorKey switch
        {
            ErrorKeys.NotFound => w["Bulk_Reason_NotFound"],
            ErrorKeys.Conflict => w["Bulk_Reason_Conflict"],
            ErrorKeys.Forbidden => w["Bulk_Reason_Forbidden"],
            _ => w[errorKey],
        };
    }

    private string CampaignName(Guid? id) =>
        id is { } c ? campaigns.FirstOrDefault(x => x.Id == c)?.Name ?? "—" : w["Bulk_NoCampaign"];

    private string Format(string key, params object[] args) => string.Format(CultureInfo.CurrentCulture, w[key], args);
}
