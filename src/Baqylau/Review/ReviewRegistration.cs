using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Review;

public static class ReviewRegistration
{
    /// <summary>The editorial conversation on statements and incidents.</summary>
    public static IServiceCollection AddReview(this IServiceCollection services) =>
        services.AddScoped<EditorialThreadService>();
}
