namespace Baqylau.Common;

/// <summary>An item to pick or show in the workspace: its id and its name in the current language.</summary>
public sealed record NamedRef(Guid Id, string Name);

/// <summary>One choice of a public filter: the value in the query string and its label in the page's language.</summary>
public sealed record FilterOption(string Value, string Label);

/// <summary>One page of a list, with the total for the pager.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
