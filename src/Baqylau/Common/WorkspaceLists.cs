using Baqylau.Localization;

namespace Baqylau.Common;

/// <summary>What every workspace list does the same way: whose rows a staff member sees, paging, and titles.</summary>
public static class WorkspaceLists
{
    /// <summary>The largest page a list serves, whatever the grid asks for.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Staff see their organisation's rows; admins see every organisation's, or the one they filter by.</summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> rows, StaffUser user, Guid? organisationFilter)
        where T : class, IOrganisationOwned
    {
        if (!user.IsAdmin)
            return rows.Where(r => r.OrganisationId == user.OrganisationId);
        return organisationFilter is { } org ? rows.Where(r => r.OrganisationId == org) : rows;
    }

    /// <summary>A 1-based page and a size within bounds, and the rows to skip for them.</summary>
    public static (int Page, int Size, int Skip) Paging(int page, int pageSize)
    {
        var p = Math.Max(1, page);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        return (p, size, TextRules.Offset(p, size));
    }

    /// <summary>The title in <paramref name="lang"/>, else in any language there is, else empty.</summary>
    public static string TitleIn(IEnumerable<(string Culture, string Title)> texts, string? lang = null)
    {
        lang ??= Cultures.Current;
        var list = texts as IReadOnlyCollection<(string Culture, string Title)> ?? [.. texts];
        foreach (var t in list)
        {
            if (t.Culture == lang)
                return t.Title;
        }

        return list.Count > 0 ? list.First().Title : string.Empty;
    }
}

/// <summary>The sort and page an admin list's grid asks for; each list's query adds its filters.</summary>
public abstract record SortedPageQuery
{
    /// <summary>A column the list's service knows; anything else sorts the list's default way.</summary>
    public string? SortBy { get; init; }

    public bool Descending { get; init; }

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;
}
