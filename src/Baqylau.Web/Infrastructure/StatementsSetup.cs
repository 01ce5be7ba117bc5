using Baqylau.Statements;
using Baqylau.Web.Accounts;

namespace Baqylau.Web.Infrastructure;

public static class StatementsSetup
{
    /// <summary>Photo storage under the data directory (outside wwwroot) and the scheduled publisher.</summary>
    public static WebApplicationBuilder AddBaqylauStatements(this WebApplicationBuilder builder)
    {
        var dataDirectory = DatabaseSetup.ResolveDataDirectory(builder.Configuration, builder.Environment);
        builder.Services.Configure<StatementPhotoOptions>(o => o.Directory = Path.Combine(dataDirectory, "uploads", "statements"));
        return builder;
    }

    /// <summary>
    /// Staff-only view of uploaded photos for the editor: a draft's photo is not public until the statement is
    /// (the public branch serves published photos itself), and not shown to another organisation's staff either
    /// (<see cref="StatementService.CanViewPhotoAsync"/>): they get 404, as for the draft itself.
    /// </summary>
    public static WebApplication MapBaqylauStatements(this WebApplication app)
    {
        app.MapGet("/workspace/photos/{file}", async (string file, HttpContext http, StatementPhotoStore photos, StatementPhotoService photoAccess, CancellationToken ct) =>
            {
                var (name, width) = StatementPhotoStore.SplitVariant(file.EndsWith(".webp", StringComparison.Ordinal) ? file[..^5] : file);

                if (!StatementPhotoStore.IsValidName(name) || !await photoAccess.CanViewAsync(http.User.ToStaffUser(), name, ct))
                    return Results.NotFound();
                var path = photos.PathOf(name, width);
                return File.Exists(path) ? Results.File(path, "image/webp") : Results.NotFound();
            })
            .RequireAuthorization(Accounts.AccountsSetup.WorkspacePolicy);
        return app;
    }
}
