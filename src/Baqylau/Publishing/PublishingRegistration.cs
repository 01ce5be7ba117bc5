using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Baqylau.Publishing;

public static class PublishingRegistration
{
    /// <summary>Markdown rendering, and change events that do nothing until the web app's output cache replaces them.</summary>
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        services.AddSingleton<MarkdownRenderer>();
        services.TryAddSingleton<IPublicContentEvents, NoPublicContentEvents>();
        return services;
    }
}
