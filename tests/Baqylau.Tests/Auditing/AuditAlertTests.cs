using System.Net;
using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Incidents;
using Baqylau.Local.Demo;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baqylau.Tests.Auditing;

/// <summary>An account that reads many internal parts in a short time shows up on the admin's dashboard.</summary>
[Collection(SecurityWebCollection.Name)]
public class AuditAlertTests(BaqylauWebFactory factory)
{
    [Fact]
    public async Task Many_internal_parts_read_in_a_short_time_raise_an_alert_that_admins_see_and_others_do_not()
    {
        var editor = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == "editor@baqylau.local").Select(u => new { u.Id, u.UserName }).SingleAsync());
        var incidents = await factory.WithDbAsync(db => db.Incidents.Where(i => i.OrganisationId == DemoIds.ErkindikQanaty).Select(i => i.Id).ToListAsync());
        var staff = new StaffUser(editor.Id, DemoIds.ErkindikQanaty, [Roles.Editor]);

        async Task<IReadOnlyList<AuditAlert>> AlertsAsync()
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<AuditAlerts>().RecentAsync();
        }

        // A few reads are ordinary work: no alert.
        await ReadInternalAsync(staff, incidents, 5);
        Assert.DoesNotContain(await AlertsAsync(), a => a.UserId == editor.Id && a.Action == AuditAction.View);

        // Through the real service (the one the editor page calls): each read is an audited View.
        await ReadInternalAsync(staff, incidents, 20);
        var alert = Assert.Single(await AlertsAsync(), a => a.UserId == editor.Id && a.Action == AuditAction.View);
        Assert.True(alert.Count >= 25);

        var admin = await factory.SignedInAsync("admin@baqylau.local");
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/workspace"));
        Assert.Contains("data-testid=\"audit-alert\"", page, StringComparison.Ordinal);
        Assert.Contains(editor.UserName!, page, StringComparison.Ordinal);
        Assert.Contains("ішкі бөлімін оқыды", page, StringComparison.Ordinal);

        var asEditor = await (await factory.SignedInAsync("editor@baqylau.local")).GetStringAsync("/workspace");
        Assert.DoesNotContain("audit-alert", asEditor, StringComparison.Ordinal);
    }

    private async Task ReadInternalAsync(StaffUser staff, List<Guid> incidents, int count)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<IncidentService>();
        for (var i = 0; i < count; i++)
            await service.GetInternalAsync(staff, incidents[i % incidents.Count]);
    }
}
