namespace Baqylau.Localization;

/// <summary>
/// Folds Kazakh-specific letters to their nearest Russian-keyboard letters so that a query typed
/// as "казакстан" matches "Қазақстан". Culture comparison cannot do this: NFD does not split қ.
/// </summary>
public static class KazakhFold
{
    /// <summary>Letters replaced, position by position, by <see cref="Replacements"/>.</summary>
    public const string Letters = "әғқңөұүһіё";

    public const string Replacements = "агкноуухие";

    /// <summary>
    /// The same fold in PostgreSQL for a generated column or query; {0} is the column or
    /// parameter expression. Built from the same constants so the two cannot drift apart.
    /// Needs a UTF-8 LC_CTYPE database, or lower() leaves Cyrillic upper case.
    /// </summary>
    public const string SqlExpressionTemplate = "translate(lower({0}), '" + Letters + "', '" + Replacements + "')";

    /// <summary>
    /// <see cref="SqlExpressionTemplate"/> applied to a column or parameter expression,
    /// e.g. <c>"\"Title\""</c>. The operand is inserted verbatim: never pass user input.
    /// </summary>
    public static string SqlExpression(string sqlOperand)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlOperand);
        return SqlExpressionTemplate.Replace("{0}", sqlOperand, StringComparison.Ordinal);
    }

    /// <summary>Invariant lower case, then the Kazakh-to-Russian letter fold (and ё to е).</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var lower = char.ToLowerInvariant(source[i]);
                var at = Letters.IndexOf(lower, StringComparison.Ordinal);
                span[i] = at >= 0 ? Replacements[at] : lower;
            }
        });
    }
}
