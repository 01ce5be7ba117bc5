using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Baqylau.Testing;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on a free port of 127.0.0.1, keeping every message
/// it receives. It can be down: the port is reserved at construction and the server starts only on <see cref="StartAsync"/>,
/// so a test sees the app queue mail while nothing listens, then deliver it once the server is up.
/// </summary>
public sealed class SmtpCatcher : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> messages = new();
    private readonly SemaphoreSlim arrived = new(0);
    private CancellationTokenSource? stop;
    private SmtpServer.SmtpServer? server;
    private Task? running;

    public SmtpCatcher() => Port = FreePort();

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Messages => messages.ToList();

    public bool IsRunning => server is not null;

    public Task StartAsync()
    {
        if (server is not null)
            return Task.CompletedTask;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("catcher.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        server = new SmtpServer.SmtpServer(options, services);
        stop = new CancellationTokenSource();
        running = server.StartAsync(stop.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        if (server is null)
            return;
        server.Shutdown();
        await stop!.CancelAsync();
        try
        {
            await running!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Cancelled on purpose.
        }

        stop.Dispose();
        (server, running, stop) = (null, null, null);
    }

    /// <summary>The first message that satisfies <paramref name="match"/>, waiting for it to arrive (at most <paramref name="timeout"/>).</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (messages.FirstOrDefault(match) is { } found)
                return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"No matching message among {messages.Count} received.");
            await arrived.WaitAsync(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Messages sent to an address.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        arrived.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class Store(SmtpCatcher catcher) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            catcher.messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            catcher.arrived.Release();
            return SmtpResponse.Ok;
        }
    }
}
