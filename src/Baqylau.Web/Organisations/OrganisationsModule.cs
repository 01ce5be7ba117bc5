using System.Globalization;
using Baqylau.Auditing;
using Baqylau.Common;
using Baqylau.Organisations;
using Baqylau.Publishing;
using Baqylau.Web.Accounts;
using Baqylau.Web.Api;
using Baqylau.Web.Hosting;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Localization;

namespace Baqylau.Web.Organisations;

/// <summary>Organisations on the web: logo storage and serving, and the read API; pages live in Public/ and Workspace/.</summary>
public static class OrganisationsModule
{
    public const string LogoRequestPath = "/media/organisations";

    public static WebApplicationBuilder AddOrganisationsModule(this WebApplicationBuilder builder)
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

    public static RouteGroupBuilder MapOrganisationsApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/organisations").WithTags("Organisations")
            .MapGet("/", ListAsync)
            .WithName("ListOrganisations")
            .WithSummary("Organisations' public profiles");
        return api;
    }

    private static Task<Results<Ok<ApiPage<OrganisationDto>>, ValidationProblem>> ListAsync(
        HttpRequest request, OrganisationApiQueries queries, CancellationToken ct) =>
        ApiSetup.PageAsync<OrganisationDto>(request, queries.PageAsync, ct);
}
