namespace Baqylau.Web.Components.Shared;

/// <summary>A language version of the page for hreflang: its language ("kk", "ru" or "x-default") and site-relative path.</summary>
public sealed record HreflangLink(string Lang, string Path);

/// <summary>An Atom feed announced in the page head.</summary>
public sealed record FeedLink(string Title, string Path);

/// <summary>OpenGraph and Twitter card data of an article page. Paths are site-relative; the head makes them absolute.</summary>
public sealed record ArticleMeta(
    string Title,
    string Description,
    string Lang,
    IReadOnlyList<string> AlternateLangs,
    DateTimeOffset PublishedTime,
    DateTimeOffset ModifiedTime,
    string? ImagePath,
    string? ImageAlt,
    string? Section,
    IReadOnlyList<string> Tags)
{
    /// <summary>OpenGraph locales are language_TERRITORY with an underscore.</summary>
    public static string OgLocale(string lang) => lang == Baqylau.Localization.Cultures.Russian ? "ru_RU" : "kk_KZ";
}
