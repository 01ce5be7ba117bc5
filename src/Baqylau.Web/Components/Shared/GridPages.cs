using MudBlazor;

namespace Baqylau.Web.Components.Shared;

/// <summary>Between a MudBlazor grid's server-side state and a list service's query and answer.</summary>
public static class GridPages
{
    /// <summary>The query with the grid's sort and page (the grid counts pages from 0, the services from 1).</summary>
    public static TQuery For<TQuery, TRow>(this TQuery query, GridState<TRow> state)
        where TQuery : SortedPageQuery
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        return (TQuery)(query with { SortBy = sort?.SortBy, Descending = sort?.Descending ?? false, Page = state.Page + 1, PageSize = state.PageSize });
    }

    public static GridData<T> ToGridData<T>(this PagedResult<T> page) => new() { Items = page.Items, TotalItems = page.Total };
}
