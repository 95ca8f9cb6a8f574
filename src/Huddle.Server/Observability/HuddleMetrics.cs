using System.Diagnostics.Metrics;
using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Storage;

namespace Huddle.Server.Observability;

/// <summary>
/// Huddle's one <see cref="Meter"/> ("Huddle"): what <c>dotnet-counters monitor -n Huddle.Server --counters Huddle</c>,
/// <c>GET /metrics</c> and OTLP all read. Instruments are fields and every hot-path call is a
/// struct-tagged <c>Add</c>/<c>Record</c>: no allocation, no lock. Gauges read counts the engine
/// already keeps (loaded sessions and their presence), only when someone collects.
/// </summary>
public sealed class HuddleMetrics : IEngineMetrics, IStoreMetrics
{
    public const string MeterName = "Huddle";

    /// <summary>Bucket bounds (seconds) for the latency histograms: 0.5 ms … 10 s.</summary>
    public static readonly double[] LatencyBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _hubInvocations;
    private readonly Counter<long> _eventsSent;
    private readonly UpDownCounter<long> _connections;
    private readonly Histogram<double> _broadcast;
    private readonly Histogram<double> _commit;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _dbErrors;
    private readonly Counter<long> _httpErrors;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _remoteCommits;
    private readonly Counter<long> _busMessages;

    public HuddleMetrics(IMeterFactory meters, IServiceProvider services)
    {
        Meter = meters.Create(MeterName);
        _hubInvocations = Meter.CreateCounter<long>("huddle.hub.invocations", "{invocation}", "Hub method calls, by method and outcome (ok or the error code).");
        _eventsSent = Meter.CreateCounter<long>("huddle.events.sent", "{event}", "Hub events sent, by event name (one per group, connection or all send).");
        _connections = Meter.CreateUpDownCounter<long>("huddle.connections.open", "{connection}", "Open hub connections on this node.");
        _broadcast = Meter.CreateHistogram("huddle.broadcast.duration", "s", "Time to hand a commit's events to every connection of the session on this node.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _commit = Meter.CreateHistogram("huddle.mutation.commit.duration", "s", "Time to commit a decided mutation to the database.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _rateLimited = Meter.CreateCounter<long>("huddle.ratelimit.rejections", "{request}", "Requests and hub calls refused by a rate limit, by limiter.");
        _dbErrors = Meter.CreateCounter<long>("huddle.db.errors", "{error}", "Failed database calls, by operation.");
        _httpErrors = Meter.CreateCounter<long>("huddle.http.errors", "{response}", "REST error responses, by code.");
        _conflicts = Meter.CreateCounter<long>("huddle.commit.conflicts", "{append}", "Appends that lost a version race to another node and were decided again.");
        _busMessages = Meter.CreateCounter<long>("huddle.bus.messages", "{message}",
            "Commit notices received on the Redis bus (the sessions this node follows, its own commits included).");
        _remoteCommits = Meter.CreateCounter<long>("huddle.commits.remote", "{commit}",
            "Other nodes' commits applied on this node, by source: notice (carried), conflict (returned by a lost race) or read.");

        // Resolved lazily: the session service itself depends on these metrics.
        SessionService? sessions = null;
        SessionService Sessions() => sessions ??= services.GetRequiredService<SessionService>();
        Meter.CreateObservableGauge("huddle.sessions.active", () => ActiveByKind(Sessions()), "{session}", "Active sessions loaded on this node, by kind.");
        Meter.CreateObservableGauge("huddle.participants.present", () => Present(Sessions()), "{participant}", "Participants present in the active sessions on this node.");
    }

    public Meter Meter { get; }

    public void HubInvoked(string method, string outcome) =>
        _hubInvocations.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("outcome", outcome));

    public void EventSent(string name) => _eventsSent.Add(1, new KeyValuePair<string, object?>("event", name));

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);

    public void Broadcast(TimeSpan elapsed) => _broadcast.Record(elapsed.TotalSeconds);

    public void RateLimited(string limiter) => _rateLimited.Add(1, new KeyValuePair<string, object?>("limiter", limiter));

    public void HttpError(string code) => _httpErrors.Add(1, new KeyValuePair<string, object?>("code", code));

    public void Committed(TimeSpan elapsed) => _commit.Record(elapsed.TotalSeconds);

    public void Conflicted() => _conflicts.Add(1);

    public void RemoteApplied(string source) => _remoteCommits.Add(1, new KeyValuePair<string, object?>("source", source));

    public void StoreFailed(string operation) => _dbErrors.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void BusReceived() => _busMessages.Add(1);

    private static IEnumerable<Measurement<long>> ActiveByKind(SessionService sessions)
    {
        var counts = Enum.GetValues<SessionKind>().ToDictionary(k => k, _ => 0L);
        foreach (var s in sessions.ActiveSessions()) counts[s.Kind]++;
        return counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("kind", WireNames.Of(c.Key))));
    }

    private static long Present(SessionService sessions) => sessions.ActiveSessions().Sum(s => (long)s.Present);
}
