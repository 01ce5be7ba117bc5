using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("Baqylau.Tests.Infrastructure.TestRunFramework", "Baqylau.Tests")]

namespace Baqylau.Tests.Infrastructure;

/// <summary>
/// xunit's own framework, plus one step at the very end of the run: stop and delete the throwaway PostgreSQL.
/// The test host may be ended before ProcessExit handlers run, so that hook alone left clusters behind.
/// </summary>
public sealed class TestRunFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    public new void Dispose()
    {
        TestPostgres.Shutdown();
        base.Dispose();
    }
}
