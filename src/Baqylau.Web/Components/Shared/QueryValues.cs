using System.Globalization;

namespace Baqylau.Web.Components.Shared;

/// <summary>Lenient readers for values people type or edit in URLs: bad input falls back, never throws.</summary>
public static class QueryValues
{
    public static int PageNumber(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100_000 ? n : 1;
}
