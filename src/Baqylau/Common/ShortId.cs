using System.Security.Cryptography;

namespace Baqylau.Common;

/// <summary>Random public identifiers, so URLs reveal neither row counts nor creation order.</summary>
public static class ShortId
{
    // Crockford-style alphabet without look-alikes (0/o, 1/l/i), easy to read aloud and type.
    private const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    public static string New(int length = 10) => RandomNumberGenerator.GetString(Alphabet, length);

    public static bool IsWellFormed(string? id) =>
        id is { Length: >= 6 and <= 32 } && id.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
