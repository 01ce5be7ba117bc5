using Baqylau.Statements;
using Baqylau.Web.Accounts;
using Baqylau.Web.Hosting;

namespace Baqylau.Web.Statements;

/// <summary>
/// Statements on the web: public pages (Public/), the workspace (Workspace/), the read and write API
/// (StatementsApi, StatementWriteApi), feeds, photos (StatementMedia) and old slugs' redirects (StatementRouting).
/// </summary>
public static class StatementsModule
{
    /// <summary>Photo storage under the data directory (outside wwwroot), and the public photos' folder.</summary>
    public static WebApplicationBuilder AddStatementsModule(this WebApplicationBuilder builder)
    {
        var dataDirectory = DatabaseSetup.ResolveDataDirectory(builder.Configuration, builder.Environment);
        builder.Services.Configure<StatementPhotoOptions>(o => o.Directory = Path.Combine(dataDirectory, "uploads", "statements"));
        builder.Services.AddSingleton(new StatementMedia(StatementMedia.FolderIn(dataDirectory)));
        return builder;
    }

    /// <summary>
    /// The feeds, and the staff-only view of uploaded photos for the editor: a draft's photo is not public until the
    /// statement is (the public branch serves published photos itself), and not shown to another organisation's staff
    /// either (<see cref="StatementPhotoService.CanViewAsync"/>): they get 404, as for the draft itself.
    /// </summary>
    public static WebApplication MapStatementsModule(this WebApplication app)
    {
        app.MapStatementFeeds();
        app.MapGet("/workspace/photos/{file}", async (string file, HttpContext http, StatementPhotoStore photos, StatementPhotoService photoAccess, CancellationToken ct) =>
            {
                var (name, width) = StatementPhotoStore.SplitVariant(file.EndsWith(".webp", StringComparison.Ordinal) ? file[..^5] : file);

                if (!StatementPhotoStore.IsValidName(name) || !await photoAccess.CanViewAsync(http.User.ToStaffUser(), name, ct))
                    return Results.NotFound();
                var path = photos.PathOf(name, width);
                return File.Exists(path) ? Results.File(path, "image/webp") : Results.NotFound();
            })
            .RequireAuthorization(Accounts.AccountsModule.WorkspacePolicy);
        return app;
    }
}
