using Huddle.Core;

using Huddle.Core.Application;
using Huddle.Server.Admin;
using Huddle.Server.Http;
using Huddle.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Huddle.Server.Observability;

/// <summary>Section <c>Huddle:Metrics</c>: where Huddle's metrics go.</summary>
public sealed class MetricsOptions
{
    /// <summary>Serve <c>GET /metrics</c> (Prometheus text).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Require the admin credential for <c>/metrics</c> (else restrict it at the proxy or bind a private port).</summary>
    public bool RequireAdmin { get; set; }

    /// <summary>OTLP collector endpoint (e.g. http://collector:4317); also enabled by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
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
        services.AddOptions<MetricsOptions>().BindConfiguration("Huddle:Metrics")
            .Validate(o => !o.Validate().Any(), "Huddle:Metrics: OtlpEndpoint must be an absolute URL.").ValidateOnStart();
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
        // Counts every event the hub sends, whoever sends it (publisher, relay, shutdown notice);
        // SessionOutbox (HuddleApp) sends through it.
        services.AddSingleton<CountingHubLifetimeManager>();

        var endpoint = configuration["Huddle:Metrics:OtlpEndpoint"];
        if (!string.IsNullOrWhiteSpace(endpoint) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
            services.AddHostedService(sp => new OtlpExport(endpoint, sp.GetRequiredService<ILogger<OtlpExport>>()));
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
                LogRequest(log, http.Request.Method, http.Request.Path, http.Response.StatusCode,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        return app;
    }

    [LoggerMessage(EventId = Log.RequestFinished, Level = LogLevel.Debug, Message = "{Method} {Path} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs);

    /// <summary><c>GET /metrics</c>, open or behind the "admin" policy as configured.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value;
        var exporter = app.Services.GetRequiredService<PrometheusExporter>(); // listen from the start
        if (!options.Enabled) return app;
        var endpoint = app.MapGet("/metrics", () => TypedResults.Text(exporter.Scrape(), PrometheusExporter.ContentType))
            .WithTags("Operations").ExcludeFromDescription();
        if (options.RequireAdmin) endpoint.RequireAuthorization(AdminAuth.Policy);
        return app;
    }

    /// <summary>Pushes the "Huddle" meter to an OTLP collector for the process's lifetime.</summary>
    private sealed partial class OtlpExport(string? endpoint, ILogger<OtlpExport> log) : IHostedService, IDisposable
    {
        private MeterProvider? _provider;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(HuddleMetrics.MeterName)
                .AddOtlpExporter(o =>
                {
                    if (!string.IsNullOrWhiteSpace(endpoint)) o.Endpoint = new Uri(endpoint);
                })
                .Build();
            LogEnabled(endpoint ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") ?? "");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            _provider?.ForceFlush(2000);
            return Task.CompletedTask;
        }

        public void Dispose() => _provider?.Dispose();

        [LoggerMessage(EventId = Log.OtlpEnabled, Level = LogLevel.Information, Message = "Exporting metrics over OTLP to {Endpoint}")]
        private partial void LogEnabled(string endpoint);
    }
}

/// <summary>SignalR's own lifetime manager, counting each send by event name.</summary>
public sealed class CountingHubLifetimeManager(
    ILogger<DefaultHubLifetimeManager<SessionHub>> logger, HuddleMetrics metrics) : DefaultHubLifetimeManager<SessionHub>(logger)
{
    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendAllAsync(methodName, args, cancellationToken);
    }

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);
    }

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendConnectionAsync(connectionId, methodName, args, cancellationToken);
    }

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendGroupAsync(groupName, methodName, args, cancellationToken);
    }

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendGroupsAsync(groupNames, methodName, args, cancellationToken);
    }

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);
    }
}

public static class Operations
{
    /// <summary>Everything operators get (HTTP edge, metrics, admin credentials), registered in one call.</summary>
    public static IServiceCollection AddHuddleOperations(this IServiceCollection services, IConfiguration configuration) =>
        services.AddHuddleEdges(configuration).AddHuddleObservability(configuration).AddHuddleAdminAuth(configuration);
}
