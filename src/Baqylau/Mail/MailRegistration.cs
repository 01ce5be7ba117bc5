using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Mail;

public static class MailRegistration
{
    /// <summary>The outbox's sender and the admins' view of it; the web app supplies the <see cref="IMailRenderer"/> and the options.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddScoped<MailDispatcher>();
        services.AddScoped<MailQueries>();
        services.AddHostedService<MailSender>();
        return services;
    }
}
