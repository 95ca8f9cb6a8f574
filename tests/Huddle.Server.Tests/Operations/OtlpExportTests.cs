using System.Collections.Concurrent;
using System.Text;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.Operations;

/// <summary>
/// OpenTelemetry over OTLP/HTTP to a stand-in collector (a real Kestrel server that keeps what it is
/// sent): request traces and metrics (Huddle's, ASP.NET Core's, the runtime's) reach it, on the signal
/// paths a collector serves. Stopping Huddle flushes both, so the test waits on that, not on a timer.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Otlp_WhenConfigured_SendsRequestTracesAndMetrics_ToTheCollector()
    {
        await using var collector = await Collector.StartAsync();
        var server = await HuddleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Huddle:Metrics:OtlpEndpoint"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        try
        {
            (await server.Http.GetAsync("/api/songs?limit=1")).EnsureSuccessStatusCode();
            var (session, host) = await server.CreateAndJoinAsync();
            await host.AddAsync("s0001");
        }
        finally
        {
            await server.DisposeAsync(); // shuts the providers down, which exports what they hold
        }

        var traces = collector.Received("/v1/traces");
        Assert.Contains(traces, body => Has(body, "/api/songs/") && Has(body, "huddle"));
        var metrics = collector.Received("/v1/metrics");
        Assert.Contains(metrics, body => Has(body, "huddle.hub.invocations"));
        Assert.Contains(metrics, body => Has(body, "http.server.request.duration"));
        Assert.Contains(metrics, body => Has(body, "dotnet.gc.collections"));
        Assert.Empty(collector.Received("/other"));
    }

    [Fact]
    public async Task WithoutAnEndpoint_NothingIsExported()
    {
        await using var collector = await Collector.StartAsync();
        await using (var server = await HuddleServer.StartAsync())
        {
            (await server.Http.GetAsync("/api/songs?limit=1")).EnsureSuccessStatusCode();
        }

        Assert.Equal(0, collector.Count);
    }

    // Protocol buffers carry strings as UTF-8 bytes, so a name sent is found as it is.
    private static bool Has(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        private Collector(WebApplication app) => _app = app;

        public string Url => _app.Urls.First();

        public int Count => _received.Count;

        public IReadOnlyList<byte[]> Received(string path) => [.. _received.Where(r => r.Path == path).Select(r => r.Body)];

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var collector = new Collector(app);
            app.Run(async http =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                var known = http.Request.Path == "/v1/traces" || http.Request.Path == "/v1/metrics";
                collector._received.Enqueue((known ? http.Request.Path.Value! : "/other", body.ToArray()));
                // An empty Export*ServiceResponse: no partial success, nothing rejected.
                http.Response.StatusCode = known ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
                http.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            return collector;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
