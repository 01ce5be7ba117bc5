using Baqylau.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Serilog.Events;

namespace Baqylau.Tests.Hosting;

/// <summary>Which requests get a log line: not a reader's quick page view; staff, writes, refusals, errors and slow answers do.</summary>
public class RequestLogLevelTests
{
    private static LogEventLevel Level(string method, string path, int status, double ms = 5, bool bearer = false, Exception? error = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Response.StatusCode = status;
        if (bearer)
            context.Request.Headers.Authorization = "Bearer x";
        return HostingSetup.RequestLogLevel(context, ms, error);
    }

    [Theory]
    [InlineData("GET", "/ru/statements/x", 200)]
    [InlineData("GET", "/kk/incidents", 200)]
    [InlineData("HEAD", "/api/v1/incidents", 200)]
    [InlineData("GET", "/", 302)]
    [InlineData("GET", "/ru/statements/old-slug", 301)]
    public void A_readers_quick_page_view_is_not_logged(string method, string path, int status) =>
        Assert.Equal(LogEventLevel.Debug, Level(method, path, status));

    [Theory]
    [InlineData("GET", "/workspace/statements", 200)]
    [InlineData("GET", "/account/login", 200)]
    [InlineData("POST", "/account/login", 302)]
    [InlineData("POST", "/api/v1/incidents", 201)]
    [InlineData("GET", "/ru/nope", 404)]
    [InlineData("GET", "/api/v1/incidents?limit=0", 400)]
    public void Staff_writes_and_refusals_are_logged(string method, string path, int status) =>
        Assert.Equal(LogEventLevel.Information, Level(method, path, status));

    [Fact]
    public void Slow_answers_token_reads_and_errors_are_logged()
    {
        Assert.Equal(LogEventLevel.Information, Level("GET", "/ru/incidents", 200, ms: HostingSetup.SlowRequestMs + 1));
        Assert.Equal(LogEventLevel.Information, Level("GET", "/api/v1/incidents", 200, bearer: true));
        Assert.Equal(LogEventLevel.Error, Level("GET", "/ru", 500));
        Assert.Equal(LogEventLevel.Error, Level("GET", "/ru", 200, error: new InvalidOperationException()));
    }
}
