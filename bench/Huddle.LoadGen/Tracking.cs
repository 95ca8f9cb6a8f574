using System.Collections.Concurrent;
using System.Diagnostics;

namespace Huddle.LoadGen;

/// <summary>One jam session under load: its participants, the observer's view of its queue, its tracker.</summary>
internal sealed class SessionState(int index, string code, string hostToken)
{
    private volatile QueueUpdated _queue = new(0, []);

    public int Index { get; } = index;

    public string Code { get; } = code;

    public string HostToken { get; } = hostToken;

    public List<Participant> Participants { get; } = [];

    public BroadcastTracker Tracker { get; } = new();

    /// <summary>The queue as the observer last saw it (may lag a little behind the server).</summary>
    public QueueUpdated Queue => _queue;

    /// <summary>Songs being added and items being removed right now, so two calls don't race for them.</summary>
    public ConcurrentDictionary<string, byte> PendingSongs { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, byte> GoneItems { get; } = new(StringComparer.Ordinal);

    public int NextSender { get; set; }

    public void OnQueueUpdated(QueueUpdated update)
    {
        if (update.Version > _queue.Version) _queue = update;
    }
}

/// <summary>
/// Broadcast latency of one session: for each version, when each participant first received it
/// (from the taps) and which mutation produced it (claimed when that mutation completes). A
/// mutation's broadcast is done when every participant has the version; its latency is from the
/// send to the last receipt among the participants other than the sender. All clocks are one
/// Stopwatch in one process.
/// </summary>
internal sealed class BroadcastTracker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Receipt> _versions = [];
    private int _slots;
    private int _receivers;

    public long Conflicts { get; private set; }

    /// <summary>Starts afresh: <paramref name="receivers"/> of the <paramref name="slots"/> participants joined. Forgets setup versions.</summary>
    public void Reset(int slots, int receivers)
    {
        lock (_lock)
        {
            _slots = slots;
            _receivers = receivers;
            _versions.Clear();
        }
    }

    public void Received(int slot, long version, long tick)
    {
        lock (_lock)
        {
            if (_receivers == 0) return;
            var r = Get(version);
            if (r.Ticks[slot] != 0) return;
            r.Ticks[slot] = tick;
            r.Count++;
            if (r.Claimed && r.Count == _receivers) Finish(version, r);
        }
    }

    /// <summary>The mutation sent at <paramref name="sendTick"/> by <paramref name="slot"/> produced <paramref name="version"/>.</summary>
    public void Claim(long version, int slot, long sendTick, bool measured, Recorder recorder)
    {
        lock (_lock)
        {
            if (_receivers == 0) return;
            var r = Get(version);
            if (r.Claimed)
            {
                Conflicts++;
                return;
            }

            (r.Claimed, r.Sender, r.SendTick, r.Measured, r.Recorder) = (true, slot, sendTick, measured, recorder);
            if (r.Count == _receivers) Finish(version, r);
        }
    }

    /// <summary>Measured mutations whose version has not reached every participant (yet).</summary>
    public int Incomplete()
    {
        lock (_lock) return _versions.Values.Count(r => r.Claimed && r.Measured);
    }

    /// <summary>Versions that reached someone but that no mutation of ours claimed.</summary>
    public int Unclaimed()
    {
        lock (_lock) return _versions.Values.Count(r => !r.Claimed);
    }

    private Receipt Get(long version)
    {
        if (!_versions.TryGetValue(version, out var r)) _versions[version] = r = new Receipt(new long[_slots]);
        return r;
    }

    private void Finish(long version, Receipt r)
    {
        _versions.Remove(version);
        if (!r.Measured) return;
        long last = 0;
        for (var i = 0; i < r.Ticks.Length; i++)
        {
            if (i != r.Sender && r.Ticks[i] > last) last = r.Ticks[i];
        }

        r.Recorder!.Broadcast(Stopwatch.GetElapsedTime(r.SendTick, last), r.SendTick);
    }

    private sealed class Receipt(long[] ticks)
    {
        public long[] Ticks { get; } = ticks;

        public int Count { get; set; }

        public bool Claimed { get; set; }

        public bool Measured { get; set; }

        public int Sender { get; set; }

        public long SendTick { get; set; }

        public Recorder? Recorder { get; set; }
    }
}

/// <summary>Latency samples and counters of the measured window. Bounded: a run has at most rate × duration sends.</summary>
internal sealed class Recorder
{
    private readonly Lock _lock = new();
    private readonly List<double> _ack = [];
    private readonly List<double> _broadcast = [];
    private readonly List<double> _lag = [];
    private readonly List<(long SendTick, double Ms)> _broadcastBySend = [];

    public ConcurrentDictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    public long Sends;
    public long Acks;
    public long Late;
    public long Dropped;
    public long CorrelationErrors;
    public long NoNewVersion;

    public void Ack(TimeSpan latency)
    {
        lock (_lock) _ack.Add(latency.TotalMilliseconds);
    }

    public void Broadcast(TimeSpan latency, long sendTick)
    {
        lock (_lock)
        {
            _broadcast.Add(latency.TotalMilliseconds);
            _broadcastBySend.Add((sendTick, latency.TotalMilliseconds));
        }
    }

    /// <summary>
    /// Broadcast p99 and max for each second of the window, by when the mutation was sent: one stall
    /// shows as a few bad seconds, a saturated server as every second bad.
    /// </summary>
    public IReadOnlyList<(int Second, Summary Latency)> BroadcastTimeline(long startTick)
    {
        (long SendTick, double Ms)[] samples;
        lock (_lock) samples = [.. _broadcastBySend];
        return samples
            .GroupBy(x => (int)Stopwatch.GetElapsedTime(startTick, x.SendTick).TotalSeconds)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, Summary.Of([.. g.Select(x => x.Ms).Order()])))
            .ToList();
    }

    public void Lag(double ms)
    {
        lock (_lock) _lag.Add(ms);
    }

    public void Error(string code) => Errors.AddOrUpdate(code, 1, (_, n) => n + 1);

    public Summary AckSummary() => Summarize(_ack);

    public Summary BroadcastSummary() => Summarize(_broadcast);

    public Summary LagSummary() => Summarize(_lag);

    private Summary Summarize(List<double> samples)
    {
        double[] sorted;
        lock (_lock) sorted = [.. samples];
        Array.Sort(sorted);
        return Summary.Of(sorted);
    }
}

internal sealed record Summary(int N, double Mean, double P50, double P95, double P99, double Max)
{
    public static Summary Of(double[] sorted)
    {
        if (sorted.Length == 0) return new(0, 0, 0, 0, 0, 0);

        // Nearest-rank percentiles over every sample: no histogram buckets, no interpolation.
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new(sorted.Length, Round(sorted.Average()), Round(At(50)), Round(At(95)), Round(At(99)), Round(sorted[^1]));
    }

    private static double Round(double ms) => Math.Round(ms, 2);
}
