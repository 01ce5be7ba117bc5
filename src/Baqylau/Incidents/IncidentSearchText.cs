using Baqylau.Localization;

namespace Baqylau.Incidents;

/// <summary>
/// Turns what a reader typed into safe search terms. PostgreSQL has no Kazakh configuration, so Kazakh rows
/// are matched by prefix ('simple' config, "tok:* &amp; tok:*"), and a folded copy catches Kazakh typed on a
/// Russian keyboard. Only letters and digits survive, so the tsquery text can never be malformed.
/// </summary>
public static class IncidentSearchText
{
    private const int MaxTokens = 8;
    private const int MaxTokenLength = 50;

    /// <summary>Folded words shorter than this are skipped: a trigram index cannot help and they match almost anything.</summary>
    public const int MinFoldedWordLength = 3;

    /// <summary>At most this many folded words are required (all of them, in any order).</summary>
    public const int MaxFoldedWords = 4;

    /// <summary>Lower-case runs of letters and digits, in order, without duplicates.</summary>
    public static IReadOnlyList<string> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Composed form first: a decomposed й would otherwise split a word at its combining mark.
        text = text.Normalize(System.Text.NormalizationForm.FormC);
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var token = text[start..i].ToLowerInvariant();
                if (token.Length > MaxTokenLength)
                    token = token[..MaxTokenLength];
                if (!tokens.Contains(token, StringComparer.Ordinal))
                    tokens.Add(token);
                start = -1;
                if (tokens.Count == MaxTokens)
                    break;
            }
        }

        return tokens;
    }

    /// <summary>"байқаушылар учаскеден" → "байқаушы:* &amp; учаске:*"; null when nothing searchable is left.</summary>
    public static string? PrefixTsQuery(string text)
    {
        var tokens = Tokens(text).Select(KazakhStem).Distinct(StringComparer.Ordinal).ToList();
        return tokens.Count == 0 ? null : string.Join(" & ", tokens.Select(t => t + ":*"));
    }

    // Kazakh stacks endings as stem + plural + possessive + case, so they are taken off in the reverse order,
    // at most one of each; each list longest first, in Kazakh letters and as typed on a Russian keyboard.
    // The n-forms after a possessive (-ндағы, -нда) are left out: they would cut "Қазақстанда" to "қазақста".
    private static readonly string[][] SuffixGroups =
    [
        BuildSuffixes(
            "дағы", "дегі", "тағы", "тегі",
            "ның", "нің", "дың", "дің", "тың", "тің",
            "дан", "ден", "тан", "тен", "нан", "нен",
            "мен", "бен", "пен",
            "да", "де", "та", "те",
            "ға", "ге", "қа", "ке", "на", "не",
            "ны", "ні", "ды", "ді", "ты", "ті"),
        BuildSuffixes("сы", "сі", "ы", "і"),
        BuildSuffixes("лар", "лер", "дар", "дер", "тар", "тер"),
    ];

    private const int MinStemLength = 3;

    /// <summary>
    /// Strips Kazakh endings from a query word so that its prefix also finds other forms: "байқаушыларды" →
    /// "байқаушы" (which then matches байқаушы, байқаушылар, байқаушының …). PostgreSQL has no Kazakh stemmer;
    /// this light stripper favours finding too much over missing a form. Stems stay at least three letters long.
    /// </summary>
    public static string KazakhStem(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var word = token;
        foreach (var group in SuffixGroups)
        {
            var suffix = group.FirstOrDefault(s => word.Length - s.Length >= MinStemLength && word.EndsWith(s, StringComparison.Ordinal));
            if (suffix is not null)
                word = word[..^suffix.Length];
        }

        return word;
    }

    private static string[] BuildSuffixes(params string[] kazakh) =>
        kazakh.Concat(kazakh.Select(KazakhFold.Fold)).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();

    /// <summary>ILIKE patterns ("%казакстан%") for the folded column, longest words first.</summary>
    public static IReadOnlyList<string> FoldedPatterns(string text) =>
        Tokens(text)
            .Select(KazakhStem)
            .Select(KazakhFold.Fold)
            .Where(t => t.Length >= MinFoldedWordLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(t => t.Length)
            .Take(MaxFoldedWords)
            .Select(t => $"%{t}%")
            .ToList();
}
