using System.Globalization;
using System.Text;

namespace Baqylau.Localization;

/// <summary>
/// ASCII URL slugs for Kazakh and Russian headlines. The transliteration table is in-house and
/// deterministic on purpose: slugs are stored per translation and must never change when a
/// package or the host's ICU is upgraded. Changing the table changes future slugs only.
/// </summary>
public static class Slugs
{
    public const int DefaultMaxLength = 80;

    // The tables below are laid out like an alphabet chart, several letters a line, so they can be checked
    // against the alphabet at a glance; one entry a line would make a 60-line column.
#pragma warning disable IDE0055
    // Russian: practical ("Yandex-like") scheme. Kazakh: ASCII fold of the 2021 Latin letters,
    // with gh/ng rather than g/n so that ғ/г and ң/н words collide less.
    private static readonly Dictionary<char, string> Cyrillic = new()
    {
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "e",
        ['ж'] = "zh", ['з'] = "z", ['и'] = "i", ['й'] = "y", ['к'] = "k", ['л'] = "l", ['м'] = "m",
        ['н'] = "n", ['о'] = "o", ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u",
        ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts", ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "shch",
        ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "yu", ['я'] = "ya",
        // Kazakh-specific letters.
        ['ә'] = "a", ['ғ'] = "gh", ['қ'] = "q", ['ң'] = "ng", ['ө'] = "o", ['ұ'] = "u", ['ү'] = "u",
        ['һ'] = "h", ['і'] = "i",
        // Ukrainian/Belarusian letters that show up in quoted names; otherwise they would be lost.
        ['є'] = "ye", ['ї'] = "yi", ['ґ'] = "g", ['ў'] = "u",
    };

    // Latin letters that have no canonical decomposition, so NFD cannot strip them to ASCII.
    // ı matters for Kazakh Latin (2021 alphabet) text.
    private static readonly Dictionary<char, string> LatinExtra = new()
    {
        ['ı'] = "i", ['ß'] = "ss", ['æ'] = "ae", ['œ'] = "oe", ['ø'] = "o", ['đ'] = "d", ['ð'] = "d",
        ['ł'] = "l", ['þ'] = "th", ['ŋ'] = "ng",
    };
#pragma warning restore IDE0055

    /// <summary>
    /// Lower-case ASCII slug: Cyrillic transliterated, Latin diacritics stripped, digits kept,
    /// every other run of characters collapsed to one '-', no leading or trailing '-'.
    /// Longer results are cut at the last word boundary within <paramref name="maxLength"/>
    /// (a single over-long word is cut hard).
    /// </summary>
    /// <returns>
    /// The slug, or an empty string when the text has nothing transliterable (e.g. only
    /// punctuation or emoji). Callers decide the fallback (an id, "n-a", asking the editor).
    /// </returns>
    public static string Slugify(string text, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);

        // NFC first so that a decomposed й or ё is still found in the Cyrillic table.
        var composed = text.Normalize(NormalizationForm.FormC);
        var mapped = new StringBuilder(composed.Length + 16);
        foreach (var ch in composed)
        {
            var lower = char.ToLowerInvariant(ch);
            if (Cyrillic.TryGetValue(lower, out var latin))
            {
                mapped.Append(latin);
            }
            else
            {
                mapped.Append(lower);
            }
        }

        // NFD splits Latin letters from their diacritics; the marks are then skipped below.
        var decomposed = mapped.ToString().Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder(decomposed.Length);
        var pendingHyphen = false;
        foreach (var ch in decomposed)
        {
            string? piece = null;
            if (ch is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                piece = ch.ToString();
            }
            else if (LatinExtra.TryGetValue(ch, out var extra))
            {
                piece = extra;
            }
            else if (CharUnicodeInfo.GetDecimalDigitValue(ch) is var digit and >= 0)
            {
                piece = ((char)('0' + digit)).ToString();
            }
            else if (IsMark(ch) || IsApostrophe(ch))
            {
                // Stress marks and apostrophes sit inside words: "don't" -> "dont", not "don-t".
                continue;
            }

            if (piece is null)
            {
                pendingHyphen = true;
                continue;
            }

            if (pendingHyphen && slug.Length > 0)
            {
                slug.Append('-');
            }

            pendingHyphen = false;
            slug.Append(piece);
        }

        return Truncate(slug.ToString(), maxLength);
    }

    /// <summary>
    /// Collision suffix: ("vybory", 2) gives "vybory-2". The base is shortened at a word
    /// boundary so the result still fits <paramref name="maxLength"/> (the slug column size).
    /// </summary>
    public static string WithSuffix(string slug, int n, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(slug);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);

        var suffix = n.ToString(CultureInfo.InvariantCulture);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, suffix.Length);

        var room = maxLength - suffix.Length - 1;
        var baseSlug = room > 0 ? Truncate(slug, room) : string.Empty;
        return baseSlug.Length == 0 ? suffix : $"{baseSlug}-{suffix}";
    }

    private static string Truncate(string slug, int maxLength)
    {
        if (slug.Length <= maxLength)
        {
            return slug;
        }

        // slug[maxLength] == '-' means the cut falls exactly between two words.
        if (slug[maxLength] == '-')
        {
            return slug[..maxLength];
        }

        var lastHyphen = slug.LastIndexOf('-', maxLength - 1);
        return lastHyphen > 0 ? slug[..lastHyphen] : slug[..maxLength];
    }

    private static bool IsMark(char ch) => CharUnicodeInfo.GetUnicodeCategory(ch)
        is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static bool IsApostrophe(char ch) => ch is '\'' or '\u2019' or '\u02BC';
}
