using Baqylau.Incidents;
using Baqylau.Web.Accounts;

namespace Baqylau.Web.Infrastructure;

public static class IncidentsSetup
{
    /// <summary>
    /// The internal-fields key file: Baqylau:InternalFields:KeyPath, else &lt;DataDirectory&gt;/keys/internal-fields.key
    /// (outside the database, so a dump alone cannot be read).
    /// </summary>
    public static WebApplicationBuilder AddBaqylauIncidents(this WebApplicationBuilder builder)
    {
        var dataDirectory = DatabaseSetup.ResolveDataDirectory(builder.Configuration, builder.Environment);
        builder.Services.Configure<InternalFieldOptions>(builder.Configuration.GetSection("Baqylau:InternalFields"));
        builder.Services.PostConfigure<InternalFieldOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.KeyPath))
                o.KeyPath = Path.Combine(dataDirectory, "keys", "internal-fields.key");
        });
        builder.Services.Configure<EvidenceOptions>(o => o.Directory = Path.Combine(dataDirectory, "evidence"));
        return builder;
    }

    /// <summary>Staff download of evidence, for the incident's organisation only; each download is audited.</summary>
    public static WebApplication MapBaqylauIncidents(this WebApplication app)
    {
        app.MapGet("/workspace/evidence/{id:guid}", async (Guid id, HttpContext http, IncidentEvidenceService evidence, CancellationToken ct) =>
            {
                try
                {
                    var file = await evidence.OpenAsync(http.User.ToStaffUser(), id, ct);
                    // Always an attachment: a PDF or text file is never rendered inside the workspace's origin.
                    return Results.File(file.Content, file.ContentType, file.FileName);
                }
                catch (DomainException)
                {
                    return Results.NotFound();
                }
            })
            .RequireAuthorization(Accounts.AccountsSetup.WorkspacePolicy);

        // Public: only images an editor marked publishable, of public incidents, cleaned of metadata.
        app.MapGet("/evidence/{id:guid}.webp", async (Guid id, IncidentEvidenceService evidence, CancellationToken ct) =>
            await evidence.OpenPublicImageAsync(id, ct) is { } bytes ? Results.File(bytes, "image/webp") : Results.NotFound());
        return app;
    }
}
