using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Baqylau.Incidents;
using Baqylau.Local.Demo;
using Baqylau.Statements;
using Baqylau.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baqylau.Tests.Security;

/// <summary>
/// ASVS 7.1.3 / 7.2.2: refused authorisations (a role or policy the user lacks, another organisation's item answered
/// as not found) are structured warnings with the user id and the route, in the workspace and the write API alike,
/// and carry no field value of the request.
/// </summary>
public class RefusalLogTests(LogCaptureFactory factory) : IClassFixture<LogCaptureFactory>
{
    private const string Marker = "RFZ9K";

    private Task<Guid> UserIdAsync(string email) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>The refusal lines that name this user, this route and this kind of refusal.</summary>
    private List<string> Refusals(Guid userId, string route, string kind)
    {
        var all = factory.Sink.Lines.Where(l => l.StartsWith("Access refused", StringComparison.Ordinal)).ToList();
        var found = all.Where(l => l.Contains(userId.ToString(), StringComparison.Ordinal)
            && l.Contains(route, StringComparison.Ordinal)
            && l.Contains(kind, StringComparison.Ordinal)).ToList();
        Assert.True(found.Count > 0, $"no refusal of {userId} on {route} ({kind}) among:\n" + string.Join("\n", all));
        return found;
    }

    [Fact]
    public async Task A_policy_refusal_in_the_workspace_is_logged_with_the_user_and_the_route()
    {
        var author = await UserIdAsync("author@baqylau.local");
        var client = await factory.SignedInAsync("author@baqylau.local");
        var response = await client.GetAsync("/workspace/admin/accounts");
        Assert.StartsWith("/account/access-denied", response.LocationPath(), StringComparison.Ordinal);
        Assert.Single(Refusals(author, "/workspace/admin/accounts", "lacks the role or policy"));
    }

    [Fact]
    public async Task Another_organisations_draft_opened_in_the_workspace_is_logged_as_a_refusal()
    {
        var author2 = await UserIdAsync("author2@baqylau.local");
        var draft = await factory.WithDbAsync(db => db.Statements
            .Where(s => s.OrganisationId == DemoIds.ErkindikQanaty && s.Status == StatementStatus.Draft).Select(s => s.Id).FirstAsync());
        var client = await factory.SignedInAsync("author2@baqylau.local");
        Assert.True((int)(await client.GetAsync($"/workspace/statements/{draft}")).StatusCode < 500);
        var lines = Refusals(author2, $"RequestPath=\"/workspace/statements/{draft}\"", "of another organisation");
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains(draft.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_api_refusals_are_logged_without_the_values_sent()
    {
        var author2 = await UserIdAsync("author2@baqylau.local");
        var author = await UserIdAsync("author@baqylau.local");
        var incident = await factory.WithDbAsync(db => db.Incidents
            .Where(i => i.OrganisationId == DemoIds.ErkindikQanaty).Select(i => i.Id).FirstAsync());
        var body = new
        {
            title = new { ru = $"{Marker} Наблюдатель Айгуль", kk = $"{Marker} Байқаушы" },
            occurred = new { precision = "year", year = 2024 },
            category = "observer-removal",
            visibility = "public",
        };

        // Another organisation's incident: 404, logged as such.
        var other = await BearerAsync("author2@baqylau.local");
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/incidents/{incident}") { Content = JsonContent.Create(body) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(put)).StatusCode);
        Assert.NotEmpty(Refusals(author2, $"RequestPath=\"/api/v1/incidents/{incident}\"", "of another organisation"));

        // An author publishing: 403, logged as a missing role.
        var own = await BearerAsync("author@baqylau.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await own.PostAsJsonAsync("/api/v1/incidents", body)).StatusCode);
        Assert.NotEmpty(Refusals(author, "RequestPath=\"/api/v1/incidents\"", "lacks the role"));

        Assert.DoesNotContain(factory.Sink.Lines, l => l.Contains(Marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_a_circuit_the_refusal_names_the_page_it_happened_on()
    {
        var author2 = await UserIdAsync("author2@baqylau.local");
        var incident = await factory.WithDbAsync(db => db.Incidents
            .Where(i => i.OrganisationId == DemoIds.ErkindikQanaty).Select(i => i.Id).FirstAsync());
        await using var scope = factory.Services.CreateAsyncScope();
        var incidents = scope.ServiceProvider.GetRequiredService<IncidentService>();
        var page = $"/workspace/incidents/{incident}";
        var scopeHandler = new CircuitRouteLogScope(
            scope.ServiceProvider.GetRequiredService<ILogger<CircuitRouteLogScope>>(), new CircuitNavigation($"http://localhost{page}?tab=2"));

        // What a click in the circuit runs: the editor asks the service, which refuses.
        var activity = scopeHandler.CreateInboundActivityHandler(_ =>
            Assert.ThrowsAsync<NotFoundException>(() => incidents.GetAsync(new StaffUser(author2, DemoIds.SecondOrganisation, [Baqylau.Accounts.Roles.Author]), incident)));
        await activity(null!);
        var line = Assert.Single(Refusals(author2, $"RequestPath=\"{page}\"", "of another organisation"));
        Assert.DoesNotContain("tab=2", line, StringComparison.Ordinal);
    }

    private async Task<HttpClient> BearerAsync(string email)
    {
        var client = factory.Client("ru");
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = SecurityWeb.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private sealed class CircuitNavigation : NavigationManager
    {
        public CircuitNavigation(string uri) => Initialize("http://localhost/", uri);
    }
}
