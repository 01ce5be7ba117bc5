using Baqylau.Localization;
using Xunit;

namespace Baqylau.Tests.Localization;

public class SlugsTests
{
    [Theory]
    [InlineData("Байқаушылар сайлау учаскесінен шығарылды", "bayqaushylar-saylau-uchaskesinen-shygharyldy")]
    [InlineData("Қазақстандағы сайлау: байқаушылардың есебі", "qazaqstandaghy-saylau-bayqaushylardyng-esebi")]
    [InlineData("Наблюдателей удалили с избирательного участка", "nablyudateley-udalili-s-izbiratelnogo-uchastka")]
    [InlineData("Объявление №5: ёлка, съезд", "obyavlenie-5-elka-sezd")]
    [InlineData("Жители Щучинска, Чу и Хромтау: цифры ЦИК", "zhiteli-shchuchinska-chu-i-khromtau-tsifry-tsik")]
    [InlineData("Юрта, ясли, йогурт, эхо, мышь", "yurta-yasli-yogurt-ekho-mysh")]
    public void Slugify_transliterates_headlines(string text, string expected)
    {
        Assert.Equal(expected, Slugs.Slugify(text));
    }

    [Theory]
    [InlineData("Ә", "a")]
    [InlineData("ә", "a")]
    [InlineData("Ғ", "gh")]
    [InlineData("ғ", "gh")]
    [InlineData("Қ", "q")]
    [InlineData("қ", "q")]
    [InlineData("Ң", "ng")]
    [InlineData("ң", "ng")]
    [InlineData("Ө", "o")]
    [InlineData("ө", "o")]
    [InlineData("Ұ", "u")]
    [InlineData("ұ", "u")]
    [InlineData("Ү", "u")]
    [InlineData("ү", "u")]
    [InlineData("Һ", "h")]
    [InlineData("һ", "h")]
    [InlineData("І", "i")]
    [InlineData("і", "i")]
    public void Slugify_maps_each_kazakh_letter(string letter, string expected)
    {
        Assert.Equal(expected, Slugs.Slugify(letter));
    }

    [Fact]
    public void Slugify_maps_all_kazakh_letters_in_one_string()
    {
        Assert.Equal("a-a-gh-gh-q-q-ng-ng-o-o-u-u-u-u-h-h-i-i",
            Slugs.Slugify("Ә ә Ғ ғ Қ қ Ң ң Ө ө Ұ ұ Ү ү Һ һ І і"));
        Assert.Equal("aghqngouuhi", Slugs.Slugify("ӘҒҚҢӨҰҮҺІ"));
    }

    [Theory]
    [InlineData(21, "nablyudateley-udalili")] // the cut falls exactly before a hyphen
    [InlineData(22, "nablyudateley-udalili")] // "-s" needs 23
    [InlineData(23, "nablyudateley-udalili-s")]
    [InlineData(20, "nablyudateley")]
    [InlineData(13, "nablyudateley")]
    [InlineData(5, "nably")] // a single over-long word is cut hard
    public void Slugify_cuts_at_word_boundary_within_max_length(int maxLength, string expected)
    {
        var slug = Slugs.Slugify("Наблюдателей удалили с избирательного участка", maxLength);

        Assert.Equal(expected, slug);
        Assert.True(slug.Length <= maxLength);
    }

    [Fact]
    public void Slugify_default_max_length_is_80_and_ends_on_a_whole_word()
    {
        var text = string.Join(' ', Enumerable.Repeat("байқаушылар", 10)); // 12 chars + hyphen each
        var slug = Slugs.Slugify(text);

        Assert.Equal(string.Join('-', Enumerable.Repeat("bayqaushylar", 6)), slug);
        Assert.Equal(77, slug.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!! — ???")]
    [InlineData("«»,.;:№")]
    [InlineData("ъь")]
    [InlineData("🗳️")]
    public void Slugify_returns_empty_when_nothing_is_transliterable(string text)
    {
        Assert.Equal(string.Empty, Slugs.Slugify(text));
    }

    [Theory]
    [InlineData("  --Сайлау--  2026!! ", "saylau-2026")]
    [InlineData("Café Zürich, Ñandú", "cafe-zurich-nandu")]
    [InlineData("Qazaqstan Respublikasy: Ükimet, ıstı Şağyn", "qazaqstan-respublikasy-ukimet-isti-sagyn")]
    [InlineData("Straße", "strasse")]
    [InlineData("уда\u0301лили", "udalili")] // stress mark stays inside the word
    [InlineData("и\u0306ога", "yoga")] // decomposed й
    [InlineData("O'Brien’s report", "obriens-report")]
    [InlineData("ЦИК-2026 / итоги", "tsik-2026-itogi")]
    public void Slugify_handles_latin_digits_and_separators(string text, string expected)
    {
        Assert.Equal(expected, Slugs.Slugify(text));
    }

    [Fact]
    public void Slugify_rejects_bad_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => Slugs.Slugify(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => Slugs.Slugify("сайлау", 0));
    }

    [Theory]
    [InlineData("saylau", 2, "saylau-2")]
    [InlineData("saylau", 10, "saylau-10")]
    [InlineData("", 3, "3")]
    public void WithSuffix_appends_counter(string slug, int n, string expected)
    {
        Assert.Equal(expected, Slugs.WithSuffix(slug, n));
    }

    [Fact]
    public void WithSuffix_shortens_base_at_word_boundary_to_fit()
    {
        Assert.Equal("nablyudateley-12", Slugs.WithSuffix("nablyudateley-udalili", 12, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => Slugs.WithSuffix("saylau", 0));
    }
}
