using Microsoft.EntityFrameworkCore;

namespace Baqylau.Data;

/// <summary>How the write API's references by slug, code or public id are looked up, for every feature the same way.</summary>
public static class WriteReferences
{
    /// <summary>The id of what <paramref name="slug"/> names, or null (with an "unknown reference" error) when nothing does.</summary>
    public static async Task<Guid?> ResolveAsync(string? slug, string field, List<ValidationError> errors, Func<string, Task<Guid?>> find)
    {
        if (string.IsNullOrWhiteSpace(slug))
            return null;
        var id = await find(slug.Trim());
        if (id is null)
            errors.Add(new ValidationError(ErrorKeys.UnknownReference, field));
        return id;
    }

    /// <summary>Statements by id or public id; which of them the caller may link is the service's decision.</summary>
    public static async Task<IReadOnlyList<Guid>> StatementIdsAsync(BaqylauDbContext db, List<string>? values, string field, List<ValidationError> errors, CancellationToken ct)
    {
        var wanted = (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var ids = wanted.Select(v => Guid.TryParse(v, out var g) ? g : (Guid?)null).Where(g => g is not null).Select(g => g!.Value).ToList();
        var publicIds = wanted.Where(v => !Guid.TryParse(v, out _)).ToList();
        var found = await db.Statements.AsNoTracking()
            .Where(s => ids.Contains(s.Id) || publicIds.Contains(s.PublicId))
            .Select(s => new { s.Id, s.PublicId })
            .ToListAsync(ct);
        var result = new List<Guid>();
        foreach (var v in wanted)
        {
            var match = found.FirstOrDefault(s => s.PublicId == v || (Guid.TryParse(v, out var g) && s.Id == g));
            if (match is null)
            {
                errors.Add(new ValidationError(ErrorKeys.UnknownReference, field));
                return [];
            }

            result.Add(match.Id);
        }

        return result.Distinct().ToList();
    }
}
