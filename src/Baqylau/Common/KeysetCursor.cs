using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Baqylau.Common;

/// <summary>
/// The position after the last row of a page, for keyset paging: a sort key (ticks, day number …; null for
/// rows that sort last, such as undated incidents) and the row id as a tie-breaker. Opaque to readers
/// (base64url), so the format can change without breaking the meaning of "next".
/// </summary>
public readonly record struct KeysetCursor(long? Key, Guid Id)
{
    private const string Version = "1";

    public string Encode()
    {
        var key = Key?.ToString(CultureInfo.InvariantCulture) ?? "-";
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{Version}.{key}.{Id:N}"));
    }

    /// <summary>False for anything a reader may have typed or cut short; never throws.</summary>
    public static bool TryDecode(string? text, out KeysetCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 100 || !Base64Url.IsValid(text))
            return false;
        string plain;
        try
        {
            plain = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = plain.Split('.');
        if (parts.Length != 3 || parts[0] != Version || !Guid.TryParseExact(parts[2], "N", out var id))
            return false;
        if (parts[1] == "-")
        {
            cursor = new KeysetCursor(null, id);
            return true;
        }

        if (!long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key))
            return false;
        cursor = new KeysetCursor(key, id);
        return true;
    }
}
