using System.Collections.Concurrent;
using System.Net;
using Baqylau.Accounts;
using Baqylau.Incidents;
using Baqylau.Local.Demo;
using Baqylau.Statements;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Baqylau.Tests.Security;

/// <summary>Keeps every log event the app writes (Serilog takes sinks from the services), at Debug level.</summary>
public sealed class CapturingSink : ILogEventSink
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        logEvent.RenderMessage(writer, System.Globalization.CultureInfo.InvariantCulture);
        writer.Write(' ');
        foreach (var (name, value) in logEvent.Properties)
            writer.Write($"{name}={value} ");
        writer.Write(logEvent.Exception);
        Lines.Enqueue(writer.ToString());
    }
}

public sealed class LogCaptureFactory : BaqylauWebFactory
{
    public CapturingSink Sink { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Serilog:MinimumLevel:Default", "Debug");
        builder.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(Sink));
    }
}

public class LogMarkerTests(LogCaptureFactory factory) : IClassFixture<LogCaptureFactory>
{
    private const string Marker = "MRK7Q";

    [Fact]
    public async Task Passwords_codes_and_internal_fields_never_reach_a_log_line()
    {
        // Request lines go to this host's logger (so to this sink), not to whichever host set the static logger last.
        Assert.NotNull(factory.Services.GetService<Serilog.ILogger>());
        var markers = new List<string> { BaqylauWebFactory.DemoPassword, BaqylauWebFactory.DemoTotpSecret };

        // Sign-in: a wrong password, an unknown address, then the real thing with a second factor.
        var client = factory.Client();
        var wrongPassword = $"{Marker}-wrong-password";
        var unknownEmail = $"{Marker.ToLowerInvariant()}-nobody@example.org";
        markers.Add(wrongPassword);
        markers.Add(unknownEmail);
        await client.SignInAsync("editor@baqylau.local", wrongPassword);
        await client.SignInAsync(unknownEmail, wrongPassword);
        var signedIn = await client.SignInAsync("editor@baqylau.local", BaqylauWebFactory.DemoPassword, factory.Totp);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // Editing: the internal part of an incident (observer and witness identities, notes), saved and read back.
        var editorId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == "editor@baqylau.local").Select(u => u.Id).SingleAsync());
        var editor = new StaffUser(editorId, DemoIds.ErkindikQanaty, [Roles.Editor]);
        var incidentId = await factory.WithDbAsync(db => db.Incidents.Where(i => i.OrganisationId == DemoIds.ErkindikQanaty).Select(i => i.Id).FirstAsync());
        var secret = new IncidentInternalContent($"{Marker}-observer Айгүл", $"{Marker}-witness Иван", $"{Marker}-note +7 701 000 00 00");
        markers.AddRange([secret.ObserverIdentities!, secret.WitnessIdentities!, secret.Notes!]);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var incidents = scope.ServiceProvider.GetRequiredService<IncidentService>();
            await incidents.SaveInternalAsync(editor, incidentId, secret);
            Assert.Equal(secret, await incidents.GetInternalAsync(editor, incidentId));
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/workspace/incidents/{incidentId}")).StatusCode);

        // Publishing: a draft of the organisation goes public.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var workflow = scope.ServiceProvider.GetRequiredService<StatementWorkflowService>();
            var draftId = await factory.WithDbAsync(db => db.Statements
                .Where(s => s.OrganisationId == DemoIds.ErkindikQanaty && s.Status == StatementStatus.Draft).Select(s => s.Id).FirstAsync());
            var model = await scope.ServiceProvider.GetRequiredService<StatementService>().GetAsync(editor, draftId);
            await workflow.PublishAsync(editor, draftId, model.Version, allowMissingTranslation: true);
        }

        var lines = factory.Sink.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("/account/login", StringComparison.Ordinal)); // the sink sees the request log
        foreach (var marker in markers.Distinct())
        {
            var leaked = lines.FirstOrDefault(l => l.Contains(marker, StringComparison.OrdinalIgnoreCase));
            Assert.True(leaked is null, $"a log line carries a sensitive value: {leaked}");
        }

        Assert.DoesNotContain(lines, l => l.Contains(Marker, StringComparison.OrdinalIgnoreCase));
    }
}
