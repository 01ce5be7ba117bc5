using System.Globalization;
using Baqylau.Auditing;
using Baqylau.Web.Accounts;
using CsvHelper;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Auditing;

/// <summary>The audit log on the web: its CSV export (the viewer is Workspace/AuditLog.razor) and the chain check command.</summary>
public static class AuditingModule
{
    public static WebApplication MapAuditingModule(this WebApplication app)
    {
        app.MapGet("/workspace/admin/audit.csv", AuditCsvAsync).RequireAuthorization(AccountsModule.AdminPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>The audit log under the viewer's filter as CSV (UTF-8 with BOM for spreadsheets); the export is itself audited.</summary>
    private static async Task<IResult> AuditCsvAsync(HttpContext http, AuditLogQueries audit, IStringLocalizer<AdminStrings> A, CancellationToken ct)
    {
        var filter = AuditFilterQuery.Read(http.Request.Query);
        if (filter is null)
            return Results.BadRequest(A["Audit_BadFilter"].Value);
        var rows = await audit.ExportAsync(http.User.ToStaffUser(), filter, ct);
        var options = CsvWriterOptions.Default with
        {
            WriteByteOrderMark = true,
            // A value starting with "=" must stay text in a spreadsheet.
            Injection = CsvInjection.Escape,
        };
        using var body = new MemoryStream();
        await using (var csv = CsvWriter.Create(body, options, leaveOpen: true))
        {
            foreach (var h in new[] { "Csv_Id", "Csv_At", "Csv_User", "Csv_UserId", "Csv_EntityType", "Csv_EntityId", "Csv_Action", "Csv_Field", "Csv_Before", "Csv_After" })
                csv.WriteField(A[h].Value);
            await csv.EndRecordAsync(ct);
            foreach (var row in rows)
            {
                // One line per changed field, so a spreadsheet can filter by field; an entry without fields still gets one line.
                var changes = row.Changes.Count == 0 ? [null] : row.Changes.Cast<AuditChange?>().ToList();
                foreach (var change in changes)
                {
                    csv.WriteField(row.Id.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(row.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    csv.WriteField(row.UserName ?? string.Empty);
                    csv.WriteField(row.UserId?.ToString() ?? string.Empty);
                    csv.WriteField(row.EntityType);
                    csv.WriteField(row.EntityId);
                    csv.WriteField(row.Action.ToString());
                    csv.WriteField(change?.Field ?? string.Empty);
                    csv.WriteField(change is null ? string.Empty : change.Hidden ? A["Audit_Hidden"].Value : change.Before ?? string.Empty);
                    csv.WriteField(change is null ? string.Empty : change.Hidden ? A["Audit_Hidden"].Value : change.After ?? string.Empty);
                    await csv.EndRecordAsync(ct);
                }
            }
        }

        http.Response.Headers.CacheControl = "no-store";
        return Results.File(body.ToArray(), "text/csv; charset=utf-8; header=present", "baqylau-audit.csv");
    }
}
