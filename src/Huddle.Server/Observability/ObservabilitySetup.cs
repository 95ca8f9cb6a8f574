using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Server.Options;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Huddle.Server.Observability;

/// <summary>Section <c>Huddle:Metrics</c>: where Huddle's metrics go.</summary>
public sealed class MetricsOptions
{
    /// <summary>Serve <c>GET /metrics</c> (Prometheus text).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Require the admin credential for <c>/metrics</c> (else restrict it at the proxy or bind a private port).</summary>
    public bool RequireAdmin { get; set; }

    /// <summary>OTLP collector endpoint (e.g. http://collector:4317, or :4318 with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf); also enabled by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string? OtlpEndpoint { get; set; }

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && !Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out _))
            yield return "OtlpEndpoint must be an absolute URL.";
    }
}

public static partial class ObservabilitySetup
{
    public static IServiceCollection AddHuddleObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MetricsOptions>("Huddle:Metrics", o => o.Validate());
        services.AddMetrics();
        // SignalR logs every HubException (each rejected call) at Error; HubGuardFilter already logs
        // rejections (1100, Information) and real failures (1901, Error) once, with the method.
        services.AddLogging(b => b.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical));
        // Likewise every connection refused in OnConnectedAsync (too_many_connections), with a stack
        // trace: a flood would fill the log. HubGuardFilter logs refusals (1100) and real failures (1901).
        services.AddLogging(b => b.AddFilter("Microsoft.AspNetCore.SignalR.HubConnectionHandler", LogLevel.Critical));
        // ASP.NET Core's "Request starting … ?access_token=…" lines (Information) would print the
        // coaching hub's account JWT, which browsers can only send in the query string. This filter
        // is registered after the configuration's, so it wins even over an exact-category setting;
        // UseRequestLog writes the same lines without the query string.
        services.AddLogging(b => b.AddFilter(HostingDiagnostics, LogLevel.Warning));
        services.AddSingleton<HuddleMetrics>();
        services.AddSingleton<IEngineMetrics>(sp => sp.GetRequiredService<HuddleMetrics>());
        services.AddSingleton<PrometheusExporter>();

        // Whether to export decides which services exist, so it is read here, once; the value itself is
        // validated with the other metrics options at start.
        var endpoint = configuration["Huddle:Metrics:OtlpEndpoint"];
        if (!string.IsNullOrWhiteSpace(endpoint) || !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
            services.AddOtlpExport(string.IsNullOrWhiteSpace(endpoint) ? null : endpoint);
        return services;
    }

    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>One line per request (event 1150, Debug): method, path and status, never the query string.</summary>
    public static WebApplication UseRequestLog(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Huddle.Server.Requests");
        app.Use(async (http, next) =>
        {
            if (!log.IsEnabled(LogLevel.Debug))
            {
                await next(http);
                return;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await next(http);
            }
            finally
            {
                // A calendar feed's path is its secret (a calendar app cannot send a header): never logged.
                var path = http.Request.Path.StartsWithSegments("/api/calendar") && http.Request.Path.Value!.EndsWith(".ics", StringComparison.Ordinal)
                    ? "/api/calendar/***.ics" : http.Request.Path.ToString();
                LogRequest(log, http.Request.Method, path, http.Response.StatusCode,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        return app;
    }

    [LoggerMessage(EventId = Log.RequestFinished, Level = LogLevel.Debug, Message = "{Method} {Path} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs);

    private const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry over OTLP: Huddle's own meter plus the instrumentation libraries' metrics (HTTP
    /// requests by route, outgoing HTTP, the runtime's GC/heap/thread pool, Npgsql) and traces (incoming
    /// and outgoing HTTP, database commands). <paramref name="endpoint"/> null: the SDK reads the standard
    /// OTEL_EXPORTER_OTLP_* variables (endpoint, protocol, headers) itself.
    /// </summary>
    private static void AddOtlpExport(this IServiceCollection services, string? endpoint)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("huddle"))
            .WithMetrics(metrics => metrics
                .AddMeter(HuddleMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddOtlpExporter(o => Target(o, endpoint, "v1/metrics")))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(o => Target(o, endpoint, "v1/traces")));
        services.AddHostedService(sp => new OtlpNotice(endpoint ?? sp.GetRequiredService<IConfiguration>()[OtlpEndpointVariable] ?? "",
            sp.GetRequiredService<ILogger<OtlpNotice>>()));
    }

    // Over HTTP each signal has its own path under the collector's address (the SDK adds it only to an
    // endpoint it read from OTEL_EXPORTER_OTLP_ENDPOINT); gRPC takes the address as it is.
    private static void Target(OtlpExporterOptions options, string? endpoint, string signalPath)
    {
        if (endpoint is null) return;
        var collector = new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/");
        options.Endpoint = options.Protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(collector, signalPath) : new Uri(endpoint);
    }

    /// <summary>Says once, at start, where telemetry goes.</summary>
    private sealed partial class OtlpNotice(string endpoint, ILogger<OtlpNotice> log) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogEnabled(endpoint);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = Log.OtlpEnabled, Level = LogLevel.Information, Message = "Exporting metrics and traces over OTLP to {Endpoint}")]
        private partial void LogEnabled(string endpoint);
    }
}
