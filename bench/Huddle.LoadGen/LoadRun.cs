using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;

namespace Huddle.LoadGen;

/// <summary>
/// One run: create M jams over REST, connect and join N participants to each, seed the queues,
/// then send mutations on a fixed timetable (open loop: a send never waits for an earlier answer)
/// for warm-up + duration, drain, and summarise the measured window as one JSON object.
/// </summary>
internal sealed partial class LoadRun(LoadOptions o)
{
    private const int QueueLimit = 50; // the server's default maxQueueSize
    private readonly Recorder _rec = new();
    private readonly Dictionary<string, long> _setupErrors = new(StringComparer.Ordinal);
    private readonly JsonObject _phases = [];
    private readonly Random _random = new(o.Seed);
    private List<SessionState> _sessions = [];
    private List<string> _songs = [];
    private long _inFlight;
    private long _skipped;
    private long _lastMeasuredAck;

    public async Task<(JsonObject Report, bool Ok)> ExecuteAsync()
    {
        var report = new JsonObject
        {
            ["tool"] = "huddle-loadgen",
            ["label"] = o.Label,
            ["tags"] = new JsonObject([.. o.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value)))]),
            ["at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["urls"] = new JsonArray([.. o.Urls.Select(u => JsonValue.Create(u.ToString()))]),
            ["kind"] = o.Classroom ? "classroom" : "jam",
            ["spread"] = o.SpreadBySession ? "session" : "participant",
            ["negotiate"] = o.Negotiate,
            ["sessions"] = o.Sessions,
            ["participants"] = o.Participants,
            ["connections"] = o.Connections,
            ["queue_seed"] = o.QueueSeed,
            ["mix"] = o.MixText,
            ["rate_offered"] = o.Rate,
            ["warmup_s"] = o.WarmupSeconds,
            ["duration_s"] = o.DurationSeconds,
        };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(o.MaxRuntimeSeconds));
        try
        {
            await RunAsync(report, deadline.Token);
            return (report, true);
        }
        catch (Exception e)
        {
            report["error"] = deadline.IsCancellationRequested ? $"aborted after --max-runtime {o.MaxRuntimeSeconds} s ({e.GetType().Name})" : e.Message;
            report["setup_errors"] = ToJson(_setupErrors);
            report["phases_s"] = _phases;
            return (report, false);
        }
    }

    private async Task RunAsync(JsonObject report, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = o.Urls[0], Timeout = TimeSpan.FromSeconds(30) };
        var serverBefore = SampleServers();

        var phase = Stopwatch.StartNew();
        var page = await http.GetFromJsonAsync<JsonElement>("/api/songs?limit=500", ct);
        _songs = [.. page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
        _sessions = await CreateSessionsAsync(http, ct);
        _phases["create"] = Seconds(phase);

        phase.Restart();
        await ConnectAllAsync(ct);
        _phases["connect"] = Seconds(phase);
        var joined = _sessions.Sum(s => s.Participants.Count(p => p.Joined));
        report["connections_joined"] = joined;
        if (joined == 0) throw new InvalidOperationException("No participant could join; see setup_errors.");

        phase.Restart();
        await (o.Classroom ? SeedQuestionsAsync(ct) : SeedQueuesAsync(ct));
        await QuiesceAsync(TimeSpan.FromSeconds(15), ct);
        _phases["seed"] = Seconds(phase);
        var serverConnected = SampleServers();

        foreach (var s in _sessions) s.Tracker.Reset(s.Participants.Count, s.Participants.Count(p => p.Joined));

        // The timetable runs on its own thread so that thread-pool pressure never delays a send silently:
        // a late send is counted.
        phase.Restart();
        var window = await Task.Factory.StartNew(() => Schedule(ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _phases["run"] = Seconds(phase);

        phase.Restart();
        var drainEnd = Stopwatch.GetTimestamp() + (long)(o.DrainSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < drainEnd
               && (Interlocked.Read(ref _inFlight) > 0 || _sessions.Any(s => s.Tracker.Incomplete() > 0)))
        {
            await Task.Delay(50, ct);
        }

        _phases["drain"] = Seconds(phase);
        var serverEnd = SampleServers();

        // Achieved: measured acks over the time from the window's start to the last measured ack.
        var lastAck = Interlocked.Read(ref _lastMeasuredAck);
        var achievedWindow = lastAck > window.StartTick ? Stopwatch.GetElapsedTime(window.StartTick, lastAck).TotalSeconds : window.Seconds;
        var participants = _sessions.SelectMany(s => s.Participants).ToList();
        report["connections_held"] = participants.Count(p => p.Joined && !p.Closed);
        report["disconnects"] = participants.Count(p => p.Joined && p.Closed);
        report["sends"] = _rec.Sends;
        report["offered_per_s"] = Round(_rec.Sends / window.Seconds);
        report["achieved_per_s"] = Round(_rec.Acks / Math.Max(achievedWindow, 1e-9));
        report["acks_ok"] = _rec.Acks;
        report["late_sends"] = _rec.Late;
        report["late_ms"] = o.LateMs;
        report["dropped_in_flight_cap"] = _rec.Dropped;
        report["skipped_no_target"] = Interlocked.Read(ref _skipped);
        report["schedule_lag_ms"] = ToJson(_rec.LagSummary());
        report["ack_ms"] = ToJson(_rec.AckSummary());
        report["broadcast_ms"] = ToJson(_rec.BroadcastSummary());
        report["broadcast_incomplete"] = _sessions.Sum(s => s.Tracker.Incomplete());
        var timeline = _rec.BroadcastTimeline(window.StartTick);
        report["broadcast_by_second"] = new JsonObject
        {
            ["p99_ms"] = new JsonArray([.. timeline.Select(t => JsonValue.Create(t.Latency.P99))]),
            ["max_ms"] = new JsonArray([.. timeline.Select(t => JsonValue.Create(t.Latency.Max))]),
        };
        report["unanswered"] = Interlocked.Read(ref _inFlight);
        report["correlation"] = new JsonObject
        {
            ["id_mismatch"] = _rec.CorrelationErrors,
            ["no_new_version"] = _rec.NoNewVersion,
            ["claimed_twice"] = _sessions.Sum(s => s.Tracker.Conflicts),
            ["unclaimed_versions"] = _sessions.Sum(s => s.Tracker.Unclaimed()),
        };
        report["events_received"] = participants.Sum(p => p.Events);
        report["missed_events"] = participants.Sum(p => p.Missed);
        report["out_of_order_events"] = participants.Sum(p => p.OutOfOrder);
        report["errors"] = ToJson(_rec.Errors.ToDictionary(e => e.Key, e => e.Value));
        report["setup_errors"] = ToJson(_setupErrors);
        report["server"] = ServerJson(serverBefore, serverConnected, window, serverEnd, joined);
        report["loadgen"] = new JsonObject
        {
            ["cpu_s"] = Round(window.LoadGenCpu),
            ["cpu_cores"] = Round(window.LoadGenCpu / window.Seconds),
            ["rss_mb"] = Round((ProcSample.Read(Environment.ProcessId)?.RssKb ?? 0) / 1024.0),
        };
        report["machine"] = window.MachineJson();
        report["phases_s"] = _phases;
        if (o.Classroom) report["classroom"] = ClassroomJson();
    }

    private async Task<List<SessionState>> CreateSessionsAsync(HttpClient http, CancellationToken ct)
    {
        var sessions = new SessionState?[o.Sessions];
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Sessions), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            // A classroom without the default word filter: the bench's questions are plain, and a held one would not reach everyone.
            object body = o.Classroom
                ? new { kind = "classroom", hostName = $"host{i}", title = $"bench {i}", settings = new { maxParticipants = o.Participants }, defaultBlockedWords = false }
                : new { kind = "jam", hostName = $"host{i}", title = $"bench {i}", settings = new { maxParticipants = o.Participants } };
            var response = await http.PostAsJsonAsync("/api/sessions", body, token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                throw new InvalidOperationException("POST /api/sessions answered 429 rate_limited: start the server with Huddle__RateLimits__Enabled=false.");
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"POST /api/sessions answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
            var created = await response.Content.ReadFromJsonAsync<JsonElement>(token);
            sessions[i] = new SessionState(i, created.GetProperty("code").GetString()!, created.GetProperty("participantToken").GetString()!);
        });
        return [.. sessions.Select(s => s!)];
    }

    private async Task ConnectAllAsync(CancellationToken ct)
    {
        // Hosts first (slot 0 observes the queue), then slot 1 of every session, and so on.
        for (var slot = 0; slot < o.Participants; slot++)
        {
            foreach (var s in _sessions)
            {
                var url = o.Urls[(o.SpreadBySession ? s.Index : s.Index * o.Participants + slot) % o.Urls.Count];
                var hub = o.SpreadBySession ? $"/hubs/session?session={s.Code}" : "/hubs/session";
                s.Participants.Add(new Participant(s, slot, new Uri(url, hub), o.Negotiate));
            }
        }

        var order = Enumerable.Range(0, o.Participants).SelectMany(slot => _sessions.Select(s => s.Participants[slot])).ToList();
        await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = o.ConnectConcurrency, CancellationToken = ct }, async (p, token) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                var host = p.Slot == 0;
                await p.ConnectAndJoinAsync(p.Session.Code, host ? null : $"p{p.Slot}", host ? p.Session.HostToken : null, timeout.Token);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                SetupError("connect/join: " + (ErrorCode(e) ?? e.GetType().Name));
            }
        });
    }

    private async Task SeedQueuesAsync(CancellationToken ct)
    {
        await Parallel.ForEachAsync(_sessions, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (s, token) =>
        {
            var joined = s.Participants.Where(p => p.Joined).ToList();
            if (joined.Count == 0) return;
            var random = new Random(o.Seed + s.Index);
            var songs = _songs.OrderBy(_ => random.Next()).Take(Math.Min(o.QueueSeed, QueueLimit)).ToList();
            for (var k = 0; k < songs.Count; k++)
            {
                var p = joined[k % joined.Count];
                var pending = new Pending("AddToQueue", 0, measured: false);
                try
                {
                    await p.InvokeAsync<Ignored>(pending, "AddToQueue", new { catalogId = songs[k] }, token);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    SetupError("seed: " + (ErrorCode(e) ?? e.GetType().Name));
                }
                finally
                {
                    p.Complete(pending);
                }
            }
        });
    }

    /// <summary>Waits until every participant has caught up with its session's last version.</summary>
    private async Task QuiesceAsync(TimeSpan limit, CancellationToken ct)
    {
        var end = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            var settled = _sessions.All(s =>
            {
                var versions = s.Participants.Where(p => p.Joined).Select(p => p.Last).ToList();
                return versions.Count == 0 || (versions.Min() == versions.Max() && (o.Classroom || s.Queue.Version == versions.Max()));
            });
            if (settled) return;
            await Task.Delay(50, ct);
        }

        SetupError("quiesce: participants had not caught up after 15 s");
    }

    private Window Schedule(CancellationToken ct)
    {
        var interval = Stopwatch.Frequency / o.Rate;
        var warmupOps = (long)Math.Floor(o.WarmupSeconds * o.Rate);
        var totalOps = warmupOps + (long)Math.Floor(o.DurationSeconds * o.Rate);
        var start = Stopwatch.GetTimestamp();
        var window = new Window
        {
            Pids = o.ServerPids, CountDeliveries = () => _sessions.Sum(s => s.Participants.Sum(p => p.Events)),
            OnBegin = () => _sessions.ForEach(s => s.Participants.ForEach(p => p.ResetBytes())),
        };
        if (warmupOps == 0) window.Begin();
        for (long i = 0; i < totalOps && !ct.IsCancellationRequested;)
        {
            var due = start + (long)(i * interval);
            var now = Stopwatch.GetTimestamp();
            if (now < due)
            {
                // Sleep rather than spin: the load generator shares two cores with the server.
                var aheadMs = (due - now) * 1000 / Stopwatch.Frequency;
                Thread.Sleep((int)Math.Clamp(aheadMs - 1, 1, 100));
                continue;
            }

            if (i == warmupOps && warmupOps > 0) window.Begin();
            var measured = i >= warmupOps;
            if (measured)
            {
                var lagMs = (now - due) * 1000.0 / Stopwatch.Frequency;
                _rec.Lag(lagMs);
                if (lagMs > o.LateMs) _rec.Late++;
            }

            Issue(i, measured, now);
            i++;
        }

        window.End();
        return window;
    }

    private void Issue(long i, bool measured, long now)
    {
        var s = _sessions[(int)(i % _sessions.Count)];
        var joined = s.Participants.Where(p => p.Joined && !p.Closed).ToList();
        if (joined.Count == 0)
        {
            Interlocked.Increment(ref _skipped);
            return;
        }

        var p = joined[s.NextSender++ % joined.Count];
        if (Interlocked.Read(ref _inFlight) >= o.MaxInFlight)
        {
            if (measured) _rec.Dropped++;
            return;
        }

        var roll = _random.NextDouble();
        var call = o.Classroom ? ClassroomCall(s, p, roll)
            : roll < o.Mix.Vote ? TryVote(s, p) ?? TryAdd(s) ?? TryRemove(s, p)
            : roll < o.Mix.Vote + o.Mix.Add ? TryAdd(s) ?? TryRemove(s, p) ?? TryVote(s, p)
            : TryRemove(s, p) ?? TryVote(s, p) ?? TryAdd(s);

        // Open loop: the timetable is kept even when the observer's view of the queue is stale (an
        // overloaded server); a vote on any item then goes out, and may fail with a counted error.
        if ((call ?? AnyVote(s, p)) is not { } c)
        {
            Interlocked.Increment(ref _skipped);
            return;
        }

        var pending = new Pending(c.Method, now, measured);
        Interlocked.Increment(ref _inFlight);
        if (measured) _rec.Sends++;
        _ = TrackAsync(p, pending, p.InvokeAsync(pending, c.Method, c.Arg), c.Done);
    }

    private async Task TrackAsync(Participant p, Pending pending, Task call, Action? done)
    {
        string? error = null;
        try
        {
            await call;
        }
        catch (Exception e)
        {
            error = ErrorCode(e) ?? (e is HubException ? "hub_error" : e.GetType().Name);
        }

        var end = Stopwatch.GetTimestamp();
        done?.Invoke();
        var wireOk = p.Complete(pending);
        Interlocked.Decrement(ref _inFlight);
        if (pending.Measured)
        {
            if (error is null)
            {
                Interlocked.Increment(ref _rec.Acks);
                _rec.Ack(Stopwatch.GetElapsedTime(pending.SendTick, end));
                InterlockedMax(ref _lastMeasuredAck, end);
            }
            else
            {
                _rec.Error(error);
            }
        }

        if (error is not null) return;
        if (!wireOk)
        {
            if (pending.Measured) Interlocked.Increment(ref _rec.CorrelationErrors);
            return;
        }

        if (pending.SeenAtCompletion <= pending.SeenAtSend)
        {
            if (pending.Measured) Interlocked.Increment(ref _rec.NoNewVersion);
            return;
        }

        p.Session.Tracker.Claim(pending.SeenAtCompletion, p.Slot, pending.SendTick, pending.Measured, _rec);
    }

    // Each chooser returns null when it has no sensible target, so the next kind is tried.
    // They run on the timetable thread only (MyVotes and _random are not shared).
    private Call? TryVote(SessionState s, Participant p)
    {
        var queue = s.Queue.Queue;
        for (var attempt = 0; attempt < 8 && queue.Count > 0; attempt++)
        {
            var item = queue[_random.Next(queue.Count)];
            if (s.GoneItems.ContainsKey(item.ItemId)) continue;

            // Always a different value from this participant's current vote: an unchanged vote commits nothing.
            var current = p.MyVotes.GetValueOrDefault(item.ItemId);
            var value = (current, _random.Next(2)) switch
            {
                (1, 0) => -1, (1, _) => 0,
                (-1, 0) => 1, (-1, _) => 0,
                (_, 0) => 1, _ => -1,
            };
            p.MyVotes[item.ItemId] = value;
            return new Call("Vote", new { itemId = item.ItemId, value }, null);
        }

        return null;
    }

    private Call? AnyVote(SessionState s, Participant p)
    {
        var queue = s.Queue.Queue;
        if (queue.Count == 0) return null;
        var item = queue[_random.Next(queue.Count)];
        var value = p.MyVotes.GetValueOrDefault(item.ItemId) == 1 ? -1 : 1;
        p.MyVotes[item.ItemId] = value;
        return new Call("Vote", new { itemId = item.ItemId, value }, null);
    }

    private Call? TryAdd(SessionState s)
    {
        // Adds in flight count too, so a full queue is not overshot while the view catches up.
        var queue = s.Queue.Queue;
        if (queue.Count + s.PendingSongs.Count >= QueueLimit - 1) return null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var song = _songs[_random.Next(_songs.Count)];
            if (queue.Any(q => string.Equals(q.CatalogId, song, StringComparison.OrdinalIgnoreCase)) || !s.PendingSongs.TryAdd(song, 0)) continue;
            return new Call("AddToQueue", new { catalogId = song }, () => s.PendingSongs.TryRemove(song, out _));
        }

        return null;
    }

    private static Call? TryRemove(SessionState s, Participant p)
    {
        // Members may remove only what they added. Keep a few songs queued to vote on.
        if (s.Queue.Queue.Count(q => !s.GoneItems.ContainsKey(q.ItemId)) <= 5) return null;
        var mine = s.Queue.Queue.Where(q => q.AddedBy.ParticipantId == p.ParticipantId && !s.GoneItems.ContainsKey(q.ItemId)).ToList();
        if (mine.Count == 0) return null;
        var item = mine[^1];
        s.GoneItems.TryAdd(item.ItemId, 0);
        return new Call("RemoveFromQueue", new { itemId = item.ItemId }, null);
    }

    private JsonObject ServerJson(ProcSample? before, ProcSample? connected, Window window, ProcSample? end, int joined)
    {
        var json = new JsonObject { ["pids"] = new JsonArray([.. o.ServerPids.Select(p => JsonValue.Create(p))]) };
        if (o.ServerPids.Count == 0) return json;
        if (window.ServerStart is { } a && window.ServerEnd is { } b)
        {
            json["cpu_s"] = Round(b.CpuSeconds - a.CpuSeconds);
            json["cpu_cores"] = Round((b.CpuSeconds - a.CpuSeconds) / window.Seconds);
            // Issue 23's unit: server CPU per mutation sent and per event delivered in the window (µs).
            json["cpu_us_per_mutation"] = Round((b.CpuSeconds - a.CpuSeconds) * 1e6 / Math.Max(1, _rec.Sends));
            json["cpu_us_per_delivery"] = Round((b.CpuSeconds - a.CpuSeconds) * 1e6 / Math.Max(1, window.Deliveries));
            json["deliveries"] = window.Deliveries;
            var threads = new JsonObject();
            var byKind = ThreadCpu.Delta(window.ServerThreadsStart, window.ServerThreadsEnd);
            foreach (var (kind, seconds) in byKind.OrderBy(k => k.Key, StringComparer.Ordinal)) threads[kind] = Round(seconds);
            threads["exited_threads"] = Round(b.CpuSeconds - a.CpuSeconds - byKind.Values.Sum());
            json["cpu_s_by_thread"] = threads;
        }

        if (before is not null) json["rss_before_mb"] = Round(before.RssKb / 1024.0);
        if (connected is not null) json["rss_connected_mb"] = Round(connected.RssKb / 1024.0);
        if (end is not null)
        {
            json["rss_end_mb"] = Round(end.RssKb / 1024.0);
            json["rss_peak_mb"] = Round(end.PeakRssKb / 1024.0);
        }

        if (before is not null && connected is not null)
        {
            // Growth from before the sessions existed to all connections joined and queues seeded.
            json["rss_delta_mb"] = Round((connected.RssKb - before.RssKb) / 1024.0);
            json["rss_per_connection_kb"] = Round((connected.RssKb - before.RssKb) / (double)Math.Max(1, joined));
        }

        return json;
    }

    private ProcSample? SampleServers() => SampleServers(o.ServerPids);

    private static ProcSample? SampleServers(List<int> pids)
    {
        var samples = pids.Select(ProcSample.Read).ToList();
        return samples.Count == 0 || samples.Any(s => s is null)
            ? null
            : new ProcSample(samples.Sum(s => s!.CpuSeconds), samples.Sum(s => s!.RssKb), samples.Sum(s => s!.PeakRssKb));
    }

    private void SetupError(string code)
    {
        lock (_setupErrors) _setupErrors[code] = _setupErrors.GetValueOrDefault(code) + 1;
    }

    private static string? ErrorCode(Exception e) => ErrorCodeRegex().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : null;

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    private static double Seconds(Stopwatch sw) => Math.Round(sw.Elapsed.TotalSeconds, 2);

    private static double Round(double v) => Math.Round(v, 2);

    private static JsonObject ToJson(Summary s) => new()
    {
        ["n"] = s.N, ["mean"] = s.Mean, ["p50"] = s.P50, ["p95"] = s.P95, ["p99"] = s.P99, ["max"] = s.Max,
    };

    private static JsonObject ToJson(Dictionary<string, long> counts)
    {
        var json = new JsonObject();
        lock (counts)
        {
            foreach (var (k, v) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json[k] = v;
        }

        return json;
    }

    [GeneratedRegex("HubException: ([a-z_]+):")]
    private static partial Regex ErrorCodeRegex();

    private sealed record Call(string Method, object Arg, Action? Done);

    /// <summary>The measured window: when it began and ended, and the CPU counters at both ends.</summary>
    private sealed class Window
    {
        private ProcSample? _selfStart;
        private MachineSample? _machineStart;
        private MachineSample? _machineEnd;

        public long StartTick { get; private set; }

        public double Seconds { get; private set; }

        public double LoadGenCpu { get; private set; }

        public ProcSample? ServerStart { get; private set; }

        public ProcSample? ServerEnd { get; private set; }

        public List<int> Pids { get; init; } = [];

        /// <summary>Events received so far by every participant (read at both ends: deliveries in the window).</summary>
        public required Func<long> CountDeliveries { get; init; }

        public long Deliveries { get; private set; }

        /// <summary>Runs as the window begins (the classroom run starts counting event bytes there).</summary>
        public Action? OnBegin { get; init; }

        public Dictionary<(int Pid, int Tid), (string Kind, double Seconds)> ServerThreadsStart { get; private set; } = [];

        public Dictionary<(int Pid, int Tid), (string Kind, double Seconds)> ServerThreadsEnd { get; private set; } = [];

        public void Begin()
        {
            OnBegin?.Invoke();
            Deliveries = -CountDeliveries();
            StartTick = Stopwatch.GetTimestamp();
            ServerThreadsStart = ThreadCpu.Read(Pids);
            ServerStart = SampleServers(Pids);
            _selfStart = ProcSample.Read(Environment.ProcessId);
            _machineStart = MachineSample.Read();
        }

        public void End()
        {
            Seconds = Math.Max(Stopwatch.GetElapsedTime(StartTick).TotalSeconds, 1e-6);
            ServerEnd = SampleServers(Pids);
            Deliveries += CountDeliveries();
            ServerThreadsEnd = ThreadCpu.Read(Pids);
            var self = ProcSample.Read(Environment.ProcessId);
            LoadGenCpu = self is not null && _selfStart is not null ? self.CpuSeconds - _selfStart.CpuSeconds : 0;
            _machineEnd = MachineSample.Read();
        }

        public JsonObject MachineJson()
        {
            if (_machineStart is null || _machineEnd is null) return [];
            var total = Math.Max(1, _machineEnd.Total - _machineStart.Total);
            return new JsonObject
            {
                ["busy_pct"] = Math.Round(100.0 * (_machineEnd.Busy - _machineStart.Busy) / total, 1),
                ["iowait_pct"] = Math.Round(100.0 * (_machineEnd.IoWait - _machineStart.IoWait) / total, 1),
            };
        }
    }
}
