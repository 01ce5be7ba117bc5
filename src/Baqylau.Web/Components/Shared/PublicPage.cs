using Baqylau.Localization;
using Microsoft.AspNetCore.Components;

namespace Baqylau.Web.Components.Shared;

/// <summary>
/// Base of every /{Lang}/… page. Blazor routes have no regex constraint, so an unknown language segment is
/// turned into a 404 here rather than rendering a page in a language we do not have.
/// </summary>
public abstract class PublicPage : ComponentBase
{
    [Parameter]
    public string Lang { get; set; } = string.Empty;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    protected bool IsKnownLanguage { get; private set; }

    protected override async Task OnParametersSetAsync()
    {
        IsKnownLanguage = Cultures.IsSupported(Lang) && string.Equals(Lang, Lang.ToLowerInvariant(), StringComparison.Ordinal);
        if (!IsKnownLanguage)
        {
            Navigation.NotFound();
            return;
        }

        await LoadAsync();
    }

    protected virtual Task LoadAsync() => Task.CompletedTask;
}
