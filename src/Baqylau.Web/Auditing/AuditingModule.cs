using System.Globalization;
using Baqylau.Auditing;
using Baqylau.Web.Accounts;
using CsvHelper;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Auditing;

/// <summary>The audit log on the web: its CSV export (the viewer is Workspace/AuditLog.razor) and the chain check command.</summary>
public static class AuditingModule
{
    /// <summary>The presenter that words entries for the viewer and the CSV (per request or circuit: it follows the culture).</summary>
    public static IServiceCollection AddAuditingModule(this IServiceCollection services) => services.AddScoped<AuditPresenter>();

    public static WebApplication MapAuditingModule(this WebApplication app)
    {
        app.MapGet("/workspace/admin/audit.csv", AuditCsvAsync).RequireAuthorization(AccountsModule.AdminPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>The audit log under the viewer's filter as CSV (UTF-8 with BOM for spreadsheets); the export is itself audited.</summary>
    private static async Task<IResult> AuditCsvAsync(HttpContext http, AuditLogQueries audit, AuditPresenter presenter, IStringLocalizer<AdminStrings> A,
        IStringLocalizer<AuditStrings> Au, CancellationToken ct)
    {
        var filter = AuditFilterQuery.Read(http.Request.Query);
        if (filter is null)
            return Results.BadRequest(A["Audit_BadFilter"].Value);
        var user = http.User.ToStaffUser();
        var rows = await audit.ExportAsync(user, filter, ct);
        var roleNames = await audit.RoleNamesAsync(user, ct);
        var options = CsvWriterOptions.Default with
        {
            WriteByteOrderMark = true,
            // A value starting with "=" must stay text in a spreadsheet.
            Injection = CsvInjection.Escape,
        };
        using var body = new MemoryStream();
        await using (var csv = CsvWriter.Create(body, options, leaveOpen: true))
        {
            // Codes (stable for scripts and for comparing exports across languages) each with its words beside it.
            foreach (var h in new[] { A["Csv_Id"], A["Csv_At"], Au["Csv_AtLocal"], A["Csv_User"], A["Csv_UserId"], A["Csv_EntityType"], Au["Csv_EntityName"],
                         A["Csv_EntityId"], A["Csv_Action"], Au["Csv_ActionName"], A["Csv_Field"], Au["Csv_FieldName"], A["Csv_Before"], Au["Csv_BeforeText"],
                         A["Csv_After"], Au["Csv_AfterText"] })
                csv.WriteField(h.Value);
            await csv.EndRecordAsync(ct);
            var hidden = A["Audit_Hidden"].Value;
            foreach (var row in rows)
            {
                var entry = presenter.Present(row, roleNames);
                // One line per changed field, so a spreadsheet can filter by field; an entry without fields still gets one line.
                var changes = row.Changes.Count == 0 ? [null] : row.Changes.Cast<AuditChange?>().ToList();
                for (var i = 0; i < changes.Count; i++)
                {
                    var change = changes[i];
                    var worded = change is null ? null : entry.Changes[i];
                    csv.WriteField(row.Id.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(row.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    csv.WriteField(entry.At);
                    csv.WriteField(row.UserName ?? string.Empty);
                    csv.WriteField(row.UserId?.ToString() ?? string.Empty);
                    csv.WriteField(row.EntityType);
                    csv.WriteField(entry.EntityName);
                    csv.WriteField(row.EntityId);
                    csv.WriteField(row.Action.ToString());
                    csv.WriteField(entry.ActionName);
                    csv.WriteField(change?.Field ?? string.Empty);
                    csv.WriteField(worded?.FieldName ?? string.Empty);
                    csv.WriteField(change is null ? string.Empty : change.Hidden ? hidden : change.Before ?? string.Empty);
                    csv.WriteField(worded is null ? string.Empty : worded.Hidden ? hidden : worded.Before.Plain);
                    csv.WriteField(change is null ? string.Empty : change.Hidden ? hidden : change.After ?? string.Empty);
                    csv.WriteField(worded is null ? string.Empty : worded.Hidden ? hidden : worded.After.Plain);
                    await csv.EndRecordAsync(ct);
                }
            }
        }

        http.Response.Headers.CacheControl = "no-store";
        return Results.File(body.ToArray(), "text/csv; charset=utf-8; header=present", "baqylau-audit.csv");
    }
}
