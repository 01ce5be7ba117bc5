using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Baqylau.Web.Hosting;

public static class LoggingSetup
{
    // A plain logger, not Serilog's reloadable bootstrap logger: that one can be frozen only once per process,
    // and the test suite starts several hosts in one process.
    public static Serilog.ILogger CreateBootstrapLogger() =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();

    public static void AddBaqylauLogging(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog((services, lc) =>
        {
            lc.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .Enrich.FromLogContext();
            // Readable in a terminal while developing, one JSON object per line for log shippers in production.
            // In production a background writer formats and writes, so a request only queues its line (the console
            // sink writes under a lock, which on voting day serialises every request). When the queue is full,
            // requests wait rather than lines being dropped; the host flushes it on shutdown.
            if (development)
                lc.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            else
                lc.WriteTo.Async(a => a.Console(new RenderedCompactJsonFormatter()), bufferSize: 10_000, blockWhenFull: true);
        },
        // Each host logs through its own logger, never the process-wide Log.Logger: in one test process several
        // hosts run side by side, and a service's line must reach its own host's sinks.
        preserveStaticLogger: true);
    }
}
