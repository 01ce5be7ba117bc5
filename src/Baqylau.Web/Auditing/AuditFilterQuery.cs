using System.Globalization;
using Baqylau.Auditing;

namespace Baqylau.Web.Auditing;

/// <summary>The audit viewer's filter as a query string, shared by the page (to build the export link) and the endpoint.</summary>
public static class AuditFilterQuery
{
    public static string ToQueryString(AuditFilter f)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
        }

        Add("user", f.User);
        Add("entity", f.EntityType);
        Add("id", f.EntityId);
        Add("action", f.Action?.ToString());
        Add("from", f.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", f.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    /// <summary>The filter, or null when a value is malformed (a bad date or action).</summary>
    public static AuditFilter? Read(IQueryCollection q)
    {
        AuditAction? action = null;
        if (q["action"].ToString() is { Length: > 0 } a)
        {
            if (!Enum.TryParse<AuditAction>(a, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed))
                return null;
            action = parsed;
        }

        if (!TryDate(q["from"].ToString(), out var from) || !TryDate(q["to"].ToString(), out var to))
            return null;
        return new AuditFilter
        {
            User = q["user"].ToString() is { Length: > 0 } u ? u : null,
            EntityType = q["entity"].ToString() is { Length: > 0 } e ? e : null,
            EntityId = q["id"].ToString() is { Length: > 0 } i ? i : null,
            Action = action,
            From = from,
            To = to,
        };
    }

    private static bool TryDate(string text, out DateOnly? day)
    {
        day = null;
        if (text.Length == 0)
            return true;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return false;
        day = d;
        return true;
    }
}
