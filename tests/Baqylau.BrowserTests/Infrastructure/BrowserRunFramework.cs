using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("Baqylau.BrowserTests.Infrastructure.BrowserRunFramework", "Baqylau.BrowserTests")]

namespace Baqylau.BrowserTests.Infrastructure;

/// <summary>xunit's framework, plus stopping this run's throwaway PostgreSQL at the very end (see Baqylau.Tests' TestRunFramework).</summary>
public sealed class BrowserRunFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    public new void Dispose()
    {
        TestPostgres.Shutdown();
        base.Dispose();
    }
}
