using Baqylau.Mail;

namespace Baqylau.Web.Mail;

public static class MailModule
{
    /// <summary>Mail settings (Baqylau:Mail) and the renderer the outbox's sender uses; the sender itself is the domain's.</summary>
    public static WebApplicationBuilder AddMailModule(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<MailOptions>(builder.Configuration.GetSection(MailOptions.Section));
        builder.Services.AddSingleton<IMailRenderer, MailComposer>();
        return builder;
    }
}
