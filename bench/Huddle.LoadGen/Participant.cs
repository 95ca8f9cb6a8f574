using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Huddle.LoadGen;

/// <summary>One call this tool made, followed from send to completion.</summary>
internal sealed class Pending(string method, long sendTick, bool measured)
{
    public string Method { get; } = method;

    public long SendTick { get; } = sendTick;

    public bool Measured { get; } = measured;

    public int InvocationId { get; set; }

    /// <summary>Highest session version this connection had seen on the wire when the call was sent.</summary>
    public long SeenAtSend { get; set; }

    /// <summary>Highest version seen on the wire when the completion arrived (-1: not yet).</summary>
    public long SeenAtCompletion { get; set; } = -1;

    /// <summary>The method name the tap saw leave under this invocation id; checks the id prediction.</summary>
    public string? WireTarget { get; set; }
}

/// <summary>
/// One participant on its own hub connection. It checks the version sequence of every event it
/// receives with the client rules of docs/protocol.md §1.2 (on the wire, in order), reports each
/// new version to its session's tracker, and works out which version its own mutations produced.
/// </summary>
internal sealed class Participant : IWireListener
{
    private static readonly string[] EventNames =
    [
        "participantJoined", "participantLeft", "hostChanged", "roleChanged", "queueUpdated", "nowPlaying",
        "playbackUpdated", "historyUpdated", "skipUpdated", "settingsUpdated", "kicked", "sessionEnded", "event",
    ];

    private readonly Lock _lock = new();
    private readonly Dictionary<int, Pending> _pending = [];
    private readonly Dictionary<string, (long Frames, long Bytes)> _eventBytes = new(StringComparer.Ordinal);
    private List<(long Version, long Tick)>? _beforeSnapshot = [];
    private long _base;
    private long _last;
    private long _seen;
    private int _nextInvocationId;

    // negotiate: POST /negotiate first, as apps do; false: open the WebSocket directly.
    public Participant(SessionState session, int slot, Uri hubUrl, bool negotiate)
    {
        Session = session;
        Slot = slot;
        Connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, o =>
            {
                // WebSockets only, negotiated or not: the tap that measures everything sits on the WebSocket.
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = !negotiate;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var socket = new ClientWebSocket();
                    try
                    {
                        await socket.ConnectAsync(context.Uri, ct);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }

                    return new TappedWebSocket(socket, this);
                };
            })
            .Build();

        // A loaded two-core machine can stall a client for seconds; don't let that look like a dead server.
        Connection.ServerTimeout = TimeSpan.FromMinutes(2);
        Connection.HandshakeTimeout = TimeSpan.FromSeconds(60);

        // Only the session's observer (slot 0, the host) reads the queue; the others let the JSON reader
        // skip payloads (a handler must exist, or every event becomes a binding failure with an exception).
        foreach (var name in EventNames)
        {
            if (slot == 0 && name == "queueUpdated") Connection.On<QueueUpdated>(name, session.OnQueueUpdated);
            else Connection.On<Ignored>(name, static _ => { });
        }
    }

    public SessionState Session { get; }

    public int Slot { get; }

    public HubConnection Connection { get; }

    public string? ParticipantId { get; private set; }

    public bool Joined { get; private set; }

    public bool Closed { get; private set; }

    /// <summary>Versions skipped (gaps in the sequence), out-of-order events, events received.</summary>
    public long Missed { get; private set; }

    public long OutOfOrder { get; private set; }

    public long Events { get; private set; }

    /// <summary>The last version applied under the §1.2 rules.</summary>
    public long Last
    {
        get
        {
            lock (_lock) return _last;
        }
    }

    /// <summary>Event frames and their bytes by event name since the last <see cref="ResetBytes"/> (named events only).</summary>
    public Dictionary<string, (long Frames, long Bytes)> EventBytes()
    {
        lock (_lock) return new(_eventBytes, StringComparer.Ordinal);
    }

    public void ResetBytes()
    {
        lock (_lock) _eventBytes.Clear();
    }

    /// <summary>This participant's current vote per item, as sent (the scheduler thread only).</summary>
    public Dictionary<string, int> MyVotes { get; } = new(StringComparer.Ordinal);

    public async Task ConnectAndJoinAsync(string code, string? name, string? token, CancellationToken ct)
    {
        await Connection.StartAsync(ct);
        var pending = new Pending("JoinSession", 0, measured: false);
        var snapshot = await InvokeAsync<JoinSnapshot>(pending, "JoinSession", new { code, name, participantToken = token }, ct);
        ParticipantId = snapshot.You.ParticipantId;
        ApplySnapshot(snapshot.Session.Version);
    }

    /// <summary>§1.2 rule 5: events that came before the snapshot are judged against it now.</summary>
    public void ApplySnapshot(long version)
    {
        lock (_lock)
        {
            _base = _last = version;
            foreach (var (v, tick) in _beforeSnapshot ?? []) Check(v, tick);
            _beforeSnapshot = null;
        }

        Joined = true;
    }

    /// <summary>
    /// Invokes a hub method. HubConnection numbers invocations 1, 2, 3… per connection in call order,
    /// so the id is predicted here (calls of one participant come from one thread at a time) and
    /// checked against what the tap sees leave.
    /// </summary>
    public Task<T> InvokeAsync<T>(Pending pending, string method, object arg, CancellationToken ct = default)
    {
        Register(pending);
        return Connection.InvokeAsync<T>(method, arg, ct);
    }

    public Task InvokeAsync(Pending pending, string method, object arg, CancellationToken ct = default)
    {
        Register(pending);
        return Connection.InvokeAsync(method, arg, ct);
    }

    /// <summary>Forgets a finished call; true when the wire confirmed the predicted invocation id.</summary>
    public bool Complete(Pending pending)
    {
        lock (_lock) _pending.Remove(pending.InvocationId);
        return pending.WireTarget == pending.Method;
    }

    public void OnServerFrame(in FrameHead head, long tick)
    {
        if (head.Type == FrameHead.Invocation && head.Version >= 0)
        {
            lock (_lock)
            {
                Events++;
                if (head.Target is { } target)
                {
                    var (frames, bytes) = _eventBytes.GetValueOrDefault(target);
                    _eventBytes[target] = (frames + 1, bytes + head.Bytes);
                }

                if (head.Version > _seen) _seen = head.Version;
                for (var v = head.FromVersion; v <= head.Version; v++)
                {
                    if (_beforeSnapshot is not null) _beforeSnapshot.Add((v, tick));
                    else Check(v, tick);
                }
            }
        }
        else if (head.Type == FrameHead.Completion)
        {
            lock (_lock)
            {
                // The server publishes a commit's events before it completes the call, on the same
                // connection, so the call's version is at most what has been seen by now.
                if (_pending.TryGetValue(head.InvocationId, out var pending)) pending.SeenAtCompletion = _seen;
            }
        }
    }

    public void OnClientFrame(in FrameHead head)
    {
        if (head.Type != FrameHead.Invocation || head.InvocationId < 0) return;
        lock (_lock)
        {
            if (_pending.TryGetValue(head.InvocationId, out var pending)) pending.WireTarget = head.Target;
        }
    }

    public void OnClosed() => Closed = true;

    /// <summary>
    /// Only the observer's queueUpdated events go on to HubConnection (to keep the queue view);
    /// every other event is fully accounted for by the tap and dropped unparsed.
    /// </summary>
    public bool Forward(in FrameHead head) =>
        head.Type != FrameHead.Invocation || (Slot == 0 && head.Target == "queueUpdated");

    private void Register(Pending pending)
    {
        lock (_lock)
        {
            pending.InvocationId = ++_nextInvocationId;
            pending.SeenAtSend = _seen;
            _pending[pending.InvocationId] = pending;
        }
    }

    /// <summary>docs/protocol.md §1.2 rules 2–4, counting instead of resyncing.</summary>
    private void Check(long version, long tick)
    {
        if (version <= _base || version == _last) return;  // in the snapshot, or another event of the same commit
        if (version < _last)
        {
            OutOfOrder++;
            return;
        }

        if (version > _last + 1) Missed += version - _last - 1;
        _last = version;
        Session.Tracker.Received(Slot, version, tick);
    }
}

/// <summary>An event payload nobody reads: the converter skips it without building anything.</summary>
[JsonConverter(typeof(IgnoredConverter))]
internal sealed class Ignored
{
    public static readonly Ignored Instance = new();

    private sealed class IgnoredConverter : JsonConverter<Ignored>
    {
        public override Ignored Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            reader.Skip();
            return Instance;
        }

        public override void Write(Utf8JsonWriter writer, Ignored value, JsonSerializerOptions options) => writer.WriteNullValue();
    }
}

internal sealed record JoinSnapshot(JoinSnapshot.Info Session, JoinSnapshot.Me You)
{
    public sealed record Info(long Version);

    public sealed record Me(string ParticipantId);
}

internal sealed record QueueUpdated(long Version, IReadOnlyList<QueueEntry> Queue);

internal sealed record QueueEntry(string ItemId, string CatalogId, QueueEntry.Person AddedBy)
{
    public sealed record Person(string ParticipantId);
}
