namespace Baqylau.Common;

/// <summary>What any typed text must not contain, whatever the field.</summary>
public static class TextRules
{
    /// <summary>
    /// False for control characters other than tab and line breaks, and for unpaired UTF-16 surrogates (invalid
    /// Unicode): PostgreSQL cannot store a NUL (so the save would fail with a server error), the driver refuses a lone
    /// surrogate, and neither is anything a person means to type.
    /// </summary>
    public static bool IsClean(string? value)
    {
        if (value is null)
            return true;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                return false;
            }

            if (char.IsLowSurrogate(c) || (char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
                return false;
        }

        return true;
    }

    /// <summary>
    /// A search or filter text with what cannot be stored or sent to the database left out (see <see cref="IsClean"/>):
    /// a search is not saved, so dropping a stray control character is kinder than an error.
    /// </summary>
    public static string Cleaned(string value)
    {
        if (IsClean(value))
            return value;
        var kept = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                kept.Append(c).Append(value[++i]);
                continue;
            }

            if (!char.IsSurrogate(c) && (!char.IsControl(c) || c is '\t' or '\n' or '\r'))
                kept.Append(c);
        }

        return kept.ToString();
    }

    /// <summary>The text trimmed, or null when it is blank: what a form's optional field stores.</summary>
    public static string? TrimmedOrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Escapes LIKE's wildcards with a backslash (the escape character the queries pass to ILIKE/LIKE).</summary>
    public static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>A "contains" pattern for a typed search: cleaned, trimmed, its wildcards escaped.</summary>
    public static string ContainsPattern(string search) => "%" + EscapeLike(Cleaned(search.Trim())) + "%";

    /// <summary>Rows to skip for a 1-based page: never negative, never an overflow, however large the page asked for.</summary>
    public static int Offset(int page, int size) => (int)Math.Min(Math.Max(0L, ((long)page - 1) * size), int.MaxValue);
}
