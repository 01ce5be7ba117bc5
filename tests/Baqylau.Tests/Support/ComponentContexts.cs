using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Baqylau.Tests.Support;

/// <summary>bUnit contexts as the workspace renders: MudBlazor, the real resources, browser calls answered loosely.</summary>
public static class ComponentContexts
{
    /// <summary>A context per test, for the caller to dispose asynchronously: MudBlazor's dialog services are IAsyncDisposable only.</summary>
    public static BunitContext Workspace()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        return ctx;
    }
}
