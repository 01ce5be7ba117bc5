using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Statements;

public sealed record StatementListItem(
    string PublicId,
    string? Slug,
    string Title,
    string Lead,
    DateTimeOffset? PublishedAt,
    string OrganisationName,
    StatementStatus Status,
    bool InRequestedLanguage);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Read-side projections of statements for public pages.</summary>
public sealed class StatementQueries(BaqylauDbContext db)
{
    private static readonly StatementStatus[] PublicStatuses = [StatementStatus.Published, StatementStatus.Corrected, StatementStatus.Retracted];

    /// <summary>Published statements, newest first; a statement without this language's text shows the other language, flagged.</summary>
    public async Task<PagedResult<StatementListItem>> PublishedAsync(string lang, int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var query = db.Statements.AsNoTracking().Where(s => PublicStatuses.Contains(s.Status));
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(s => s.PublishedAt).ThenByDescending(s => s.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(s => new
            {
                s.PublicId,
                s.PublishedAt,
                s.Status,
                Org = s.Organisation!.ShortName,
                Own = s.Translations.FirstOrDefault(t => t.Culture == lang),
                Any = s.Translations.OrderBy(t => t.Culture).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var items = rows.Select(r =>
        {
            var t = r.Own ?? r.Any;
            return new StatementListItem(r.PublicId, t?.Slug, t?.Title ?? string.Empty, t?.Lead ?? string.Empty, r.PublishedAt,
                r.Org.In(lang), r.Status, r.Own is not null);
        }).ToList();
        return new PagedResult<StatementListItem>(items, total, page, pageSize);
    }
}
