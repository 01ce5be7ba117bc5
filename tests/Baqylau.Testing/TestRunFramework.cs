using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Baqylau.Testing;

/// <summary>
/// xunit's own framework, plus one step at the very end of a test assembly's run, whatever its outcome: stop and
/// delete this process's throwaway PostgreSQL. Each test assembly names it in its own
/// <c>[assembly: TestFramework("Baqylau.Testing.TestRunFramework", "Baqylau.Testing")]</c>.
/// </summary>
/// <remarks>
/// The step runs before the runner is told the assembly has finished, so the test host cannot exit first. Hooking
/// <see cref="TestFramework.Dispose"/> does not work: it is not virtual (a <c>new</c> Dispose is never called), and
/// it is <c>async void</c>, yielding before it disposes anything, which races the host's exit.
/// </remarks>
public sealed class TestRunFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        // As XunitTestFrameworkExecutor does (async void is xunit's signature), with the assembly runner below.
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly testAssembly,
        IEnumerable<IXunitTestCase> testCases,
        IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await base.BeforeTestAssemblyFinishedAsync();
            try
            {
                await TestPostgres.ShutdownAsync();
            }
            catch (Exception ex)
            {
                // Said, not thrown: a throw here would keep the run from reporting its end. scripts/test.sh then
                // fails on the cluster left behind.
                DiagnosticMessageSink.OnMessage(new DiagnosticMessage($"Stopping the test PostgreSQL failed: {ex}"));
            }
        }
    }
}
