using Baqylau.Incidents;
using Baqylau.Localization;
using Baqylau.Web.Accounts;
using Baqylau.Web.Hosting;
using Baqylau.Web.Security;
using Microsoft.AspNetCore.Localization;

namespace Baqylau.Web.Incidents;

/// <summary>
/// The incidents feature on the web: the internal part's key, evidence (staff downloads, publishable images), the
/// embeddable timeline's language, and the framing rule; pages live in Public/ and Workspace/, the API beside this.
/// </summary>
public static class IncidentsModule
{
    /// <summary>
    /// The internal-fields key file: Baqylau:InternalFields:KeyPath, else &lt;DataDirectory&gt;/keys/internal-fields.key
    /// (outside the database, so a dump alone cannot be read); evidence files; the embed's language.
    /// </summary>
    public static WebApplicationBuilder AddIncidentsModule(this WebApplicationBuilder builder)
    {
        // /embed/{lang}/… has its language in the second segment; ask that before the usual providers.
        builder.Services.PostConfigure<RequestLocalizationOptions>(o => o.RequestCultureProviders.Insert(0, new EmbedPathCultureProvider()));
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

    /// <summary>
    /// The timeline's downloads (CSV, Atom), staff downloads of evidence (for the incident's organisation only, each
    /// audited) and the public images editors marked publishable.
    /// </summary>
    public static WebApplication MapIncidentsModule(this WebApplication app)
    {
        app.MapIncidentDownloads();
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
            .RequireAuthorization(Accounts.AccountsModule.WorkspacePolicy);

        // Public: only images an editor marked publishable, of public incidents, cleaned of metadata.
        app.MapGet("/evidence/{id:guid}.webp", async (Guid id, IncidentEvidenceService evidence, CancellationToken ct) =>
            await evidence.OpenPublicImageAsync(id, ct) is { } bytes ? Results.File(bytes, "image/webp") : Results.NotFound());
        return app;
    }
}

/// <summary>Reads the culture of /embed/{lang}/… URLs (the embed has no language prefix of its own).</summary>
public sealed class EmbedPathCultureProvider : RequestCultureProvider
{
    public static string? LanguageFromPath(PathString path)
    {
        if (!path.StartsWithSegments(FrameAncestorsMiddleware.EmbedPrefix, StringComparison.Ordinal, out var rest))
            return null;
        return Localization.PathPrefixCultureProvider.LanguageFromPath(rest) is { } lang && rest.Value!.StartsWith("/" + lang, StringComparison.Ordinal)
            ? lang
            : null;
    }

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var lang = LanguageFromPath(httpContext.Request.Path);
        if (lang is null)
            return NullProviderCultureResult;
        var name = Cultures.Get(lang).Name;
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(name, name));
    }
}
