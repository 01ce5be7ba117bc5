using System.Globalization;
using Baqylau.Auditing;
using Baqylau.Organisations;
using Baqylau.Publishing;
using Baqylau.Web.Accounts;
using CsvHelper;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Infrastructure;

/// <summary>The admin workspace's pieces outside components: logo storage and serving, and the audit log CSV.</summary>
public static class AdminSetup
{
    public const string LogoRequestPath = "/media/organisations";

    public static WebApplicationBuilder AddBaqylauAdmin(this WebApplicationBuilder builder)
    {
        var dataDirectory = DatabaseSetup.ResolveDataDirectory(builder.Configuration, builder.Environment);
        builder.Services.Configure<OrganisationLogoOptions>(o => o.Directory = Path.Combine(dataDirectory, "uploads", "organisations"));
        return builder;
    }

    /// <summary>Serves /media/organisations/{name}.webp: logos are public, already re-encoded, and their names are never reused.</summary>
    public static IApplicationBuilder UseOrganisationLogos(this IApplicationBuilder app)
    {
        var store = app.ApplicationServices.GetRequiredService<OrganisationLogoStore>();
        Directory.CreateDirectory(store.Directory);
        var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
        types.Mappings.Clear();
        types.Mappings[".webp"] = "image/webp";
        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = LogoRequestPath,
            FileProvider = new PhysicalFileProvider(store.Directory),
            ContentTypeProvider = types,
            ServeUnknownFileTypes = false,
            OnPrepareResponse = ctx =>
            {
                ctx.Context.Response.Headers.XContentTypeOptions = "nosniff";
                ctx.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            },
        });
    }

    public static WebApplication MapBaqylauAdmin(this WebApplication app)
    {
        app.MapGet("/workspace/admin/audit.csv", AuditCsvAsync).RequireAuthorization(AccountsSetup.AdminPolicy).ExcludeFromDescription();
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

/// <summary>The audit viewer's filter as a query string, shared by the page (to build the export link) and the endpoint.</summary>
public static class AuditFilterQuery
{
    public static string ToQueryString(AuditFilter f)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
        }

        Add("user", f.User);
        Add("entity", f.EntityType);
        Add("id", f.EntityId);
        Add("action", f.Action?.ToString());
        Add("from", f.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", f.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    /// <summary>The filter, or null when a value is malformed (a bad date or action).</summary>
    public static AuditFilter? Read(IQueryCollection q)
    {
        AuditAction? action = null;
        if (q["action"].ToString() is { Length: > 0 } a)
        {
            if (!Enum.TryParse<AuditAction>(a, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed))
                return null;
            action = parsed;
        }

        if (!TryDate(q["from"].ToString(), out var from) || !TryDate(q["to"].ToString(), out var to))
            return null;
        return new AuditFilter
        {
            User = q["user"].ToString() is { Length: > 0 } u ? u : null,
            EntityType = q["entity"].ToString() is { Length: > 0 } e ? e : null,
            EntityId = q["id"].ToString() is { Length: > 0 } i ? i : null,
            Action = action,
            From = from,
            To = to,
        };
    }

    private static bool TryDate(string text, out DateOnly? day)
    {
        day = null;
        if (text.Length == 0)
            return true;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return false;
        day = d;
        return true;
    }
}
