using Baqylau.Tests.Support;
using Baqylau.Web.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Baqylau.Tests.Components;

/// <summary>The list page every workspace list uses: how many rows it shows first.</summary>
public sealed class ListPageTests
{

    private static Task<GridData<string>> Rows(GridState<string> state, CancellationToken ct)
    {
        var all = Enumerable.Range(1, 120).Select(i => $"row {i}").ToList();
        return Task.FromResult(new GridData<string> { Items = all.Skip(state.Page * state.PageSize).Take(state.PageSize), TotalItems = all.Count });
    }

    private static RenderFragment Column => b =>
    {
        b.OpenComponent<PropertyColumn<string, string>>(0);
        b.AddAttribute(1, nameof(PropertyColumn<string, string>.Property), (System.Linq.Expressions.Expression<Func<string, string>>)(x => x));
        b.CloseComponent();
    };

    [Theory]
    [InlineData(null, new[] { 20, 50, 100 }, 20)]
    [InlineData(null, new[] { 25, 50, 100 }, 25)]
    [InlineData(50, new[] { 20, 50, 100 }, 50)]
    public async Task The_first_page_shows_the_pagers_first_size_unless_told(int? rowsPerPage, int[] pageSizes, int expected)
    {
        await using var ctx = ComponentContexts.Workspace();
        var cut = ctx.Render<ListPage<string>>(p => p
            .Add(x => x.Title, "Statements")
            .Add(x => x.EmptyText, "none")
            .Add(x => x.Load, Rows)
            .Add(x => x.Columns, Column)
            .Add(x => x.RowsPerPage, rowsPerPage)
            .Add(x => x.PageSizes, pageSizes));

        cut.WaitForAssertion(() => Assert.Equal(expected, cut.FindAll("tbody tr.mud-table-row").Count));
        Assert.Equal(expected, cut.FindComponent<MudDataGrid<string>>().Instance.RowsPerPage);
    }

    [Fact]
    public void A_grids_state_becomes_the_services_sort_and_1_based_page_and_keeps_the_filters()
    {
        var state = new GridState<string>
        {
            Page = 2,
            PageSize = 50,
            SortDefinitions = [new SortDefinition<string>("VotingDay", true, 0, x => x)],
        };

        var query = new Baqylau.Campaigns.CampaignAdminQuery { Search = "saylau", Archived = null }.For(state);

        Assert.Equal(("VotingDay", true, 3, 50), (query.SortBy, query.Descending, query.Page, query.PageSize));
        Assert.Equal(("saylau", (bool?)null), (query.Search, query.Archived));
        var unsorted = new Baqylau.Campaigns.CampaignAdminQuery().For(new GridState<string> { PageSize = 20 });
        Assert.Equal(((string?)null, false, 1), (unsorted.SortBy, unsorted.Descending, unsorted.Page));
    }
}
