using System.Globalization;
using System.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Baqylau.Web.Localization;

/// <summary>
/// Supplies Kazakh and Russian texts for MudBlazor's built-in strings (pager, filters, "Required", ...).
/// MudBlazor 9 ships English only, and MudBlazor.Translations is neither restorable here nor has Kazakh,
/// so the translations live in Resources/MudResources.{kk,ru}.resx.
/// </summary>
/// <remarks>
/// MudBlazor's <c>DefaultLocalizationInterceptor</c> asks this class only for non-English UI cultures and
/// uses its own English whenever <see cref="LocalizedString.ResourceNotFound"/> is true.
/// </remarks>
public sealed class BaqylauMudLocalizer : MudLocalizer
{
    /// <summary>Manifest name of Resources/MudResources.resx (RootNamespace + folder + file name).</summary>
    public const string BaseName = "Baqylau.Web.Resources.MudResources";

    // ResourceManager caches resource sets per culture and is thread-safe, so one instance serves every circuit.
    internal static readonly ResourceManager Manager = new(BaseName, typeof(BaqylauMudLocalizer).Assembly);

    public override LocalizedString this[string key]
    {
        get
        {
            var value = Find(key, CultureInfo.CurrentUICulture);
            return value is null
                ? new LocalizedString(key, key, resourceNotFound: true, searchedLocation: BaseName)
                : new LocalizedString(key, value, resourceNotFound: false, searchedLocation: BaseName);
        }
    }

    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var value = Find(key, CultureInfo.CurrentUICulture);
            if (value is null)
            {
                return new LocalizedString(key, key, resourceNotFound: true, searchedLocation: BaseName);
            }

            // Arguments (numbers, dates) follow the formatting culture, as MudBlazor's own English does.
            return new LocalizedString(key, string.Format(CultureInfo.CurrentCulture, value, arguments), resourceNotFound: false, searchedLocation: BaseName);
        }
    }

    /// <summary>
    /// Looks the key up in the culture and its specific parents (kk-KZ, then kk) but never in the neutral
    /// English file: a miss must surface as ResourceNotFound so MudBlazor's own, always up-to-date English wins.
    /// </summary>
    internal static string? Find(string key, CultureInfo culture)
    {
        for (var c = culture; !Equals(c, CultureInfo.InvariantCulture); c = c.Parent)
        {
            var value = Manager.GetResourceSet(c, createIfNotExists: true, tryParents: false)?.GetString(key);
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }
        }

        return null;
    }
}

public static class MudLocalizationExtensions
{
    /// <summary>
    /// Plugs <see cref="BaqylauMudLocalizer"/> into MudBlazor. Call next to <c>AddMudServices()</c> (order does not matter).
    /// </summary>
    /// <remarks>
    /// MudBlazor 9 registers <c>DefaultLocalizationInterceptor</c> (scoped) whose constructor takes an optional
    /// <see cref="MudLocalizer"/>; AddMudServices registers none, so registering ours is all that is needed.
    /// A custom interceptor (AddLocalizationInterceptor) would replace MudBlazor's English fallback for no gain.
    /// </remarks>
    public static IServiceCollection AddBaqylauMudLocalization(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddTransient<MudLocalizer, BaqylauMudLocalizer>();
        return services;
    }
}
