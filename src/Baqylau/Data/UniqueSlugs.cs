using Baqylau.Localization;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Data;

/// <summary>The one place that decides whether a slug is free, for statements, taxonomy terms, campaigns and organisations.</summary>
public static class UniqueSlugs
{
    /// <summary>
    /// <paramref name="slug"/> when none of <paramref name="taken"/> has it, else the first free "-2", "-3" … of it.
    /// Only slugs equal to it or starting with it and a dash are read, so this stays one indexed query.
    /// </summary>
    public static async Task<string> FirstFreeAsync(IQueryable<string> taken, string slug, int maxLength, CancellationToken ct)
    {
        var prefix = TextRules.EscapeLike(slug) + "-%";
        var used = (await taken.Where(s => s == slug || EF.Functions.Like(s, prefix, "\\")).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        if (!used.Contains(slug))
            return slug;
        for (var n = 2; ; n++)
        {
            var candidate = Slugs.WithSuffix(slug, n, maxLength);
            if (!used.Contains(candidate))
                return candidate;
        }
    }

    /// <summary>Whether one of <paramref name="taken"/> already has <paramref name="slug"/> (an admin typed it: no suffix is made up).</summary>
    public static Task<bool> IsTakenAsync(IQueryable<string> taken, string slug, CancellationToken ct) =>
        taken.AnyAsync(s => s == slug, ct);
}
