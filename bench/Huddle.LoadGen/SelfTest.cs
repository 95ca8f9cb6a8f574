using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace Huddle.LoadGen;

/// <summary>
/// `--self-test`: checks the tool's own bookkeeping without a server — frame heads split across
/// reads, the §1.2 version rules (buffering before the snapshot, duplicates, gaps, reordering)
/// and the broadcast tracker. Exit code 0 when all hold.
/// </summary>
internal static class SelfTest
{
    public static int Run()
    {
        var failures = new List<string>();
        void Expect(bool ok, string what)
        {
            if (!ok) failures.Add(what);
        }

        // Frame heads, fed in awkward pieces.
        var stream = Encoding.UTF8.GetBytes(
            "{}\u001e" +
            "{\"type\":1,\"target\":\"queueUpdated\",\"arguments\":[{\"version\":41,\"queue\":[" + new string(' ', 5000) + "]}]}\u001e" +
            "{\"type\":3,\"invocationId\":\"7\",\"result\":{\"session\":{\"version\":3}}}\u001e" +
            "{\"type\":3,\"invocationId\":\"8\",\"error\":\"An unexpected error occurred invoking 'Vote' on the server. HubException: item_not_found: x\"}\u001e" +
            "{\"type\":6}\u001e" +
            "{\"type\":1,\"target\":\"votesUpdated\",\"arguments\":[{\"version\":44,\"fromVersion\":42,\"votes\":[]}]}\u001e");
        var heads = new Recording();
        var scanner = new FrameScanner(wantTarget: true);
        var forwarded = new System.Buffers.ArrayBufferWriter<byte>();
        for (var at = 0; at < stream.Length; at += 97) scanner.Feed(stream.AsSpan(at, Math.Min(97, stream.Length - at)), 1, heads, fromServer: true, forwarded);
        Expect(heads.Frames.Count == 6, $"6 frames, got {heads.Frames.Count}");
        if (heads.Frames.Count == 6)
        {
            Expect(heads.Frames[1] is { Type: 1, Version: 41, Target: "queueUpdated" }, "event head");
            Expect(heads.Frames[2] is { Type: 3, InvocationId: 7, HasError: false }, "completion head");
            Expect(heads.Frames[3] is { Type: 3, InvocationId: 8, HasError: true }, "error completion head");
            Expect(heads.Frames[4] is { Type: 6 }, "ping head");
            Expect(heads.Frames[5] is { Type: 1, Version: 44, FromVersion: 42 }, "batch head");
            Expect(heads.Frames[1].FromVersion == 41, "a single event is its own batch");
        }

        // The recording forwards everything but events: what HubConnection gets is the rest, byte for byte.
        var expected = string.Concat(Encoding.UTF8.GetString(stream).Split('\u001e').Where(f => f.Length > 0 && !f.StartsWith("{\"type\":1", StringComparison.Ordinal)).Select(f => f + "\u001e"));
        Expect(Encoding.UTF8.GetString(forwarded.WrittenSpan) == expected, "forwarded bytes are the kept frames");

        // The same stream through the tapped WebSocket, as the official transport reads it: a zero-byte
        // read, then a read into a buffer smaller than what the tap lets through at once.
        var tapped = new Recording();
        using var socket = new TappedWebSocket(new ScriptedWebSocket(stream, 97), tapped);
        var received = new List<byte>();
        var into = new byte[40];
        while (true)
        {
            if (socket.ReceiveAsync(Memory<byte>.Empty, default).AsTask().GetAwaiter().GetResult().MessageType == WebSocketMessageType.Close) break;
            var r = socket.ReceiveAsync(into.AsMemory(), default).AsTask().GetAwaiter().GetResult();
            if (r.MessageType == WebSocketMessageType.Close) break;
            received.AddRange(into.AsSpan(0, r.Count));
        }

        Expect(tapped.Frames.Count == 6, $"tapped socket: 6 frames, got {tapped.Frames.Count}");
        Expect(Encoding.UTF8.GetString([.. received]) == expected, "tapped socket: the transport reads the kept frames");

        // Version rules: 5 and 6 arrive before the snapshot at 5; then a duplicate, a gap, a late one.
        var session = new SessionState(0, "ABCDEF", "token");
        var observer = new Participant(session, 0, new Uri("http://127.0.0.1:1/hubs/session"), negotiate: false);
        var other = new Participant(session, 1, new Uri("http://127.0.0.1:1/hubs/session"), negotiate: false);
        session.Participants.AddRange([observer, other]);
        session.Tracker.Reset(2, 2);
        foreach (var v in new long[] { 5, 6 }) observer.OnServerFrame(new FrameHead(1, -1, null, v, false), 1);
        observer.ApplySnapshot(5);
        foreach (var v in new long[] { 6, 7, 7, 10, 9 }) observer.OnServerFrame(new FrameHead(1, -1, null, v, false), 1);
        Expect(observer.Last == 10, $"last 10, got {observer.Last}");
        Expect(observer.Missed == 2, $"2 missed (8, 9), got {observer.Missed}");
        Expect(observer.OutOfOrder == 1, $"1 out of order (9 after 10), got {observer.OutOfOrder}");

        // Tracker: version 11 sent by the observer at t0, received by both; latency = the other's receipt.
        other.ApplySnapshot(10);
        var recorder = new Recorder();
        var t0 = Stopwatch.GetTimestamp();
        var t1 = t0 + Stopwatch.Frequency / 100; // 10 ms later
        observer.OnServerFrame(new FrameHead(1, -1, null, 11, false), t0 + 1);
        session.Tracker.Claim(11, slot: 0, sendTick: t0, measured: true, recorder);
        Expect(session.Tracker.Incomplete() == 1, "incomplete until everyone has it");
        other.OnServerFrame(new FrameHead(1, -1, null, 11, false), t1);
        var b = recorder.BroadcastSummary();
        Expect(b.N == 1 && Math.Abs(b.Max - 10) < 0.01, $"one broadcast of 10 ms, got n={b.N} max={b.Max}");
        Expect(session.Tracker.Incomplete() == 0, "complete once everyone has it");

        // The classroom run (--kind classroom): its events are named and sized whole, however they arrive.
        var score = "{\"type\":1,\"target\":\"questionScoreUpdated\",\"arguments\":[{\"version\":12,\"itemId\":\"q_1\",\"score\":3}]}";
        var question = "{\"type\":1,\"target\":\"questionUpdated\",\"arguments\":[{\"version\":13,\"itemId\":\"q_2\",\"question\":{\"text\":\"" + new string('x', 700) + "\"}}]}";
        var classroomStream = Encoding.UTF8.GetBytes(score + "\u001e" + question + "\u001e");
        var classroomHeads = new Recording();
        var classroomScanner = new FrameScanner(wantTarget: false);
        for (var at = 0; at < classroomStream.Length; at += 61) classroomScanner.Feed(classroomStream.AsSpan(at, Math.Min(61, classroomStream.Length - at)), 1, classroomHeads, fromServer: true, null);
        Expect(classroomHeads.Frames.Count == 2, $"classroom: 2 frames, got {classroomHeads.Frames.Count}");
        if (classroomHeads.Frames.Count == 2)
        {
            Expect(classroomHeads.Frames[0] is { Target: "questionScoreUpdated", Version: 12 } && classroomHeads.Frames[0].Bytes == score.Length + 1, "score event: name and whole size");
            Expect(classroomHeads.Frames[1] is { Target: "questionUpdated", Version: 13 } && classroomHeads.Frames[1].Bytes == question.Length + 1, "question event: name and whole size (past the 256-byte head)");
        }

        var listener = new Participant(new SessionState(1, "ABCDEF", "token"), 1, new Uri("http://127.0.0.1:1/hubs/session"), negotiate: false);
        listener.ApplySnapshot(11);
        foreach (var head in classroomHeads.Frames) listener.OnServerFrame(head, 1);
        var counted = listener.EventBytes();
        Expect(counted.GetValueOrDefault("questionScoreUpdated") == (1, score.Length + 1) && counted.GetValueOrDefault("questionUpdated") == (1, question.Length + 1), "bytes counted by event name");
        listener.ResetBytes();
        Expect(listener.EventBytes().Count == 0, "bytes reset at the window's start");
        var classroomOptions = LoadOptions.Parse(["--url", "http://127.0.0.1:5099", "--kind", "classroom", "--sessions", "1", "--participants", "500", "--questions", "100", "--mix", "upvote=50,ask=1"]);
        Expect(classroomOptions is { Classroom: true, Questions: 100, Connections: 500 } && Math.Abs(classroomOptions.Mix.Vote - 50.0 / 51) < 1e-9, "classroom flags");

        foreach (var f in failures) Console.Error.WriteLine("self-test: FAILED " + f);
        Console.WriteLine(failures.Count == 0 ? "self-test: ok" : $"self-test: {failures.Count} failed");
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>A server that sends <paramref name="stream"/> in pieces of <paramref name="piece"/> bytes, then closes.</summary>
    private sealed class ScriptedWebSocket(byte[] stream, int piece) : WebSocket
    {
        private int _at;

        public override WebSocketCloseStatus? CloseStatus => null;

        public override string? CloseStatusDescription => null;

        public override WebSocketState State => WebSocketState.Open;

        public override string? SubProtocol => null;

        public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            if (_at == stream.Length) return ValueTask.FromResult(new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true));
            var n = Math.Min(Math.Min(piece, buffer.Length), stream.Length - _at);
            stream.AsSpan(_at, n).CopyTo(buffer.Span);
            _at += n;
            return ValueTask.FromResult(new ValueWebSocketReceiveResult(n, WebSocketMessageType.Text, true));
        }

        public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Abort()
        {
        }

        public override void Dispose()
        {
        }
    }

    private sealed class Recording : IWireListener
    {
        public List<FrameHead> Frames { get; } = [];

        public void OnServerFrame(in FrameHead head, long tick) => Frames.Add(head);

        public void OnClientFrame(in FrameHead head) => Frames.Add(head);

        public void OnClosed()
        {
        }

        public bool Forward(in FrameHead head) => head.Type != FrameHead.Invocation;
    }
}
