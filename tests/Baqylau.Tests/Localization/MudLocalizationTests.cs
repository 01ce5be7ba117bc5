using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Baqylau.Web.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;
using MudBlazor.Services;

namespace Baqylau.Tests.Localization;

public sealed partial class MudLocalizationTests
{
    // MudBlazor's own English strings; the key list grows with MudBlazor upgrades, which is exactly what these tests catch.
    private static readonly ResourceManager BuiltIn = new("MudBlazor.Resources.LanguageResource", typeof(MudLocalizer).Assembly);

    private static readonly ResourceManager Ours = new(BaqylauMudLocalizer.BaseName, typeof(BaqylauMudLocalizer).Assembly);

    private static Dictionary<string, string> BuiltInEnglish()
    {
        var set = BuiltIn.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: true);
        Assert.NotNull(set);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in set)
        {
            result[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return result;
    }

    // tryParents: false, so a key that exists only in the neutral English MudResources.resx does not count as translated.
    private static ResourceSet TranslationSet(string culture)
    {
        var set = Ours.GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false);
        Assert.True(set is not null, $"No {culture} satellite for {BaqylauMudLocalizer.BaseName}; is MudResources.{culture}.resx an EmbeddedResource?");
        return set;
    }

    [Fact]
    public void BuiltIn_key_list_is_not_empty()
    {
        // Guards the other tests against passing vacuously if MudBlazor renames its resource.
        Assert.True(BuiltInEnglish().Count > 100);
    }

    [Theory]
    [InlineData("kk")]
    [InlineData("ru")]
    public void Every_builtin_key_has_a_translation(string culture)
    {
        var set = TranslationSet(culture);

        var missing = BuiltInEnglish().Keys
            .Where(key => string.IsNullOrWhiteSpace(set.GetString(key)))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, $"Untranslated MudBlazor keys for {culture}: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Neutral_file_lists_every_builtin_key()
    {
        var set = Ours.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false);
        Assert.NotNull(set);

        var missing = BuiltInEnglish().Keys.Where(key => set.GetString(key) is null).ToList();

        Assert.True(missing.Count == 0, $"Missing from MudResources.resx: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData("kk")]
    [InlineData("ru")]
    public void Placeholders_match_english(string culture)
    {
        var set = TranslationSet(culture);

        var mismatches = BuiltInEnglish()
            .Where(pair => set.GetString(pair.Key) is { } translated && Placeholders(pair.Value) != Placeholders(translated))
            .Select(pair => $"{pair.Key}: '{pair.Value}' vs '{set.GetString(pair.Key)}'")
            .ToList();

        Assert.True(mismatches.Count == 0, $"Placeholder mismatch for {culture}:{Environment.NewLine}{string.Join(Environment.NewLine, mismatches)}");
    }

    [Theory]
    [InlineData("kk-KZ", "1-10 / 42")]
    [InlineData("ru-KZ", "1-10 из 42")]
    [InlineData("ru-RU", "1-10 из 42")]
    [InlineData("en-US", "1-10 of 42")]
    [InlineData("de-DE", "1-10 of 42")] // no German resx: MudBlazor's English fallback
    public void Pager_info_goes_through_the_real_MudBlazor_pipeline(string culture, string expected)
    {
        var result = HandleUnder(culture, "MudDataGridPager_InfoFormat", 1, 10, 42);

        Assert.Equal(expected, result.Value);
        Assert.False(result.ResourceNotFound);
    }

    [Theory]
    [InlineData("kk-KZ", "Міндетті өріс")]
    [InlineData("ru-KZ", "Обязательное поле")]
    public void Plain_key_goes_through_the_real_MudBlazor_pipeline(string culture, string expected)
    {
        var result = HandleUnder(culture, "MudFormComponent_Required");

        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("kk-KZ", "Baqylau_NoSuchKey")]
    [InlineData("de-DE", "MudFormComponent_Required")] // only in the neutral English file, which must not shadow MudBlazor's English
    public void Localizer_reports_missing_translations_as_not_found(string culture, string key)
    {
        var localizer = new BaqylauMudLocalizer();

        var result = WithCulture(culture, () => localizer[key]);

        Assert.True(result.ResourceNotFound);
    }

    // Resolves the interceptor exactly as a Blazor circuit would: AddMudServices() plus our registration, per scope.
    private static LocalizedString HandleUnder(string culture, string key, params object[] arguments)
    {
        var services = new ServiceCollection();
        services.AddLogging(); // supplied by the web host; DefaultLocalizationInterceptor needs ILoggerFactory
        services.AddMudServices();
        services.AddBaqylauMudLocalization();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        using var scope = provider.CreateScope();
        var interceptor = scope.ServiceProvider.GetRequiredService<ILocalizationInterceptor>();

        return WithCulture(culture, () => interceptor.Handle(key, arguments));
    }

    private static T WithCulture<T>(string culture, Func<T> act)
    {
        var previousUi = CultureInfo.CurrentUICulture;
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            return act();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previousUi;
            CultureInfo.CurrentCulture = previous;
        }
    }

    // Sorted multiset of {n} / {n:fmt} tokens; word order may change between languages, the set may not.
    private static string Placeholders(string text) =>
        string.Join(' ', PlaceholderPattern().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal));

    [GeneratedRegex(@"\{\d+(?:,[^}]*)?(?::[^}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}
