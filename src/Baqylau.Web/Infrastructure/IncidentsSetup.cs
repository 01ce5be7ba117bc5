using Baqylau.Incidents;

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
        return builder;
    }
}
