using System.Net;
using Baqylau.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Incidents;

public class WorkspaceIncidentsTests(BaqylauWebFactory factory) : IClassFixture<BaqylauWebFactory>
{
    [Fact]
    public async Task The_incident_pages_are_for_signed_in_staff_only()
    {
        var anonymous = factory.Client();
        foreach (var path in new[] { "/workspace/incidents", "/workspace/incidents/new", $"/workspace/incidents/{Guid.NewGuid()}", $"/workspace/evidence/{Guid.NewGuid()}" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.LocationPath(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Authors_get_the_list_and_editor_without_the_internal_panel_editors_get_it()
    {
        Guid incidentId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BaqylauDbContext>();
            var org = await db.Users.Where(u => u.Email == "author@baqylau.local").Select(u => u.OrganisationId).SingleAsync();
            incidentId = await db.Incidents.Where(i => i.OrganisationId == org).Select(i => i.Id).FirstAsync();
        }

        var author = factory.Client();
        await author.SignInAsync("author@baqylau.local", BaqylauWebFactory.DemoPassword);
        var list = await author.GetStringAsync("/workspace/incidents");
        Assert.Contains("Жаңа оқиға", list, StringComparison.Ordinal);
        Assert.Contains("href=\"/workspace/incidents\"", list, StringComparison.Ordinal);

        var created = await author.GetStringAsync("/workspace/incidents/new");
        Assert.Contains("data-testid=\"title-kk\"", created, StringComparison.Ordinal);
        // The browser autosave reads the text fields through these wrappers; the statement-link picker is there.
        Assert.Contains("data-field=\"kk.Title\"", created, StringComparison.Ordinal);
        Assert.Contains("data-field=\"ru.Description\"", created, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"statement-search\"", created, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"precision\"", created, StringComparison.Ordinal);

        var authorView = await author.GetStringAsync($"/workspace/incidents/{incidentId}");
        Assert.Contains("data-testid=\"title-ru\"", authorView, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"internal-panel\"", authorView, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"make-public\"", authorView, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"evidence-panel\"", authorView, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await author.GetAsync($"/workspace/evidence/{Guid.NewGuid()}")).StatusCode);

        var editor = factory.Client();
        await editor.SignInAsync("editor@baqylau.local", BaqylauWebFactory.DemoPassword, factory.Totp);
        var editorView = await editor.GetStringAsync($"/workspace/incidents/{incidentId}");
        Assert.Contains("data-testid=\"internal-panel\"", editorView, StringComparison.Ordinal);
        // The internal part is read (and audited) only when asked for.
        Assert.Contains("data-testid=\"show-internal\"", editorView, StringComparison.Ordinal);
    }
    [Fact]
    public async Task The_taxonomy_page_is_for_admins_only()
    {
        var admin = factory.Client();
        await admin.SignInAsync("admin@baqylau.local", BaqylauWebFactory.DemoPassword, factory.Totp);
        var page = System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync("/workspace/taxonomies"));
        Assert.Contains("data-testid=\"taxonomy-category\"", page, StringComparison.Ordinal);
        Assert.Contains("observer-removal", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nav-taxonomies\"", page, StringComparison.Ordinal);

        var editor = factory.Client();
        await editor.SignInAsync("editor@baqylau.local", BaqylauWebFactory.DemoPassword, factory.Totp);
        var refused = await editor.GetAsync("/workspace/taxonomies");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/access-denied", refused.LocationPath(), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"nav-taxonomies\"", await editor.GetStringAsync("/workspace/incidents"), StringComparison.Ordinal);
    }
}
