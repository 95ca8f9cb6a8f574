using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Huddle.LoadGen;

/// <summary>What the tap learned from the first bytes of one SignalR JSON frame.</summary>
internal readonly record struct FrameHead(int Type, int InvocationId, string? Target, long Version, bool HasError)
{
    /// <summary>First version of a batch frame (<c>votesUpdated</c> carries FromVersion..Version); else Version.</summary>
    public long FromVersion { get; init; } = Version;

    public const int Invocation = 1;
    public const int Completion = 3;
    public const int Close = 7;
}

/// <summary>Receives the frames a connection sends and receives, in wire order.</summary>
internal interface IWireListener
{
    /// <summary>A frame from the server; <paramref name="tick"/> is when its last bytes arrived (Stopwatch ticks).</summary>
    void OnServerFrame(in FrameHead head, long tick);

    /// <summary>A frame this client is about to put on the wire.</summary>
    void OnClientFrame(in FrameHead head);

    /// <summary>Whether HubConnection should see this server frame at all (false: the tap consumes it).</summary>
    bool Forward(in FrameHead head);

    void OnClosed();
}

/// <summary>
/// The feed lacks Microsoft.AspNetCore.Http.Connections.Client, so HubConnection gets its transport
/// here: a plain ClientWebSocket to the hub URL (no negotiate step), bridged to SignalR's pipes.
/// Unlike the tests' factory, it taps both directions. The tap sees frames in wire order, before
/// HubConnection does; that matters because HubConnection hands events to handlers on a separate
/// loop from completions, so only the wire says which events came before a call's completion.
/// The tap also keeps event frames a participant does not need away from HubConnection: parsing
/// every multi-KB queueUpdated in every client would cost more CPU than the server under test.
/// </summary>
internal sealed class WireConnectionFactory(IWireListener listener) : IConnectionFactory
{
    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var uri = ((UriEndPoint)endpoint).Uri;
        var socket = new ClientWebSocket();
        var target = new UriBuilder(uri) { Scheme = uri.Scheme == "https" ? "wss" : "ws" }.Uri;
        try
        {
            await socket.ConnectAsync(target, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new WireConnection(socket, listener);
    }

    private sealed class WireConnection : ConnectionContext
    {
        private readonly ClientWebSocket _socket;
        private readonly IWireListener _listener;
        // Inline schedulers: the reader of each pipe continues on the thread that flushed, which saves a
        // thread-pool hop per message; with two cores shared with the server, hops are most of our cost.
        private static readonly PipeOptions Inline = new(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false);
        private readonly Pipe _incoming = new(Inline);
        private readonly Pipe _outgoing = new(Inline);
        private readonly CancellationTokenSource _closed = new();
        private readonly FrameScanner _fromServer = new(wantTarget: false);
        private readonly byte[] _receiveBuffer = new byte[8192];
        private readonly FrameScanner _toServer = new(wantTarget: true);
        private readonly Task _receiving;
        private readonly Task _sending;

        public WireConnection(ClientWebSocket socket, IWireListener listener)
        {
            _socket = socket;
            _listener = listener;
            Transport = new Duplex(_incoming.Reader, _outgoing.Writer);
            _receiving = ReceiveAsync();
            _sending = SendAsync();
        }

        public override string ConnectionId { get; set; } = Guid.NewGuid().ToString("N");

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

        public override IDuplexPipe Transport { get; set; }

        public override void Abort(ConnectionAbortedException abortReason) => _closed.Cancel();

        public override async ValueTask DisposeAsync()
        {
            await _outgoing.Writer.CompleteAsync();
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }

            await _closed.CancelAsync();
            await Task.WhenAll(_receiving, _sending).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
            _socket.Dispose();
            _closed.Dispose();
            await base.DisposeAsync();
        }

        private async Task ReceiveAsync()
        {
            try
            {
                while (!_closed.IsCancellationRequested)
                {
                    var result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(), _closed.Token);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                    var tick = Stopwatch.GetTimestamp();

                    // Tap first, so the listener has seen an event before HubConnection can complete
                    // an invocation whose completion follows it in the same read.
                    _fromServer.Feed(_receiveBuffer.AsSpan(0, result.Count), tick, _listener, fromServer: true, _incoming.Writer);
                    var flush = await _incoming.Writer.FlushAsync();
                    if (flush.IsCompleted) break;
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                _listener.OnClosed();
                await _incoming.Writer.CompleteAsync();
            }
        }

        private async Task SendAsync()
        {
            try
            {
                while (true)
                {
                    var read = await _outgoing.Reader.ReadAsync(_closed.Token);
                    var buffer = read.Buffer;
                    foreach (var segment in buffer) _toServer.Feed(segment.Span, 0, _listener, fromServer: false, forward: null);

                    // One WebSocket message per flush; SignalR frames are delimited by 0x1E anyway.
                    if (buffer.IsSingleSegment)
                    {
                        if (!buffer.IsEmpty) await _socket.SendAsync(buffer.First, WebSocketMessageType.Text, endOfMessage: true, _closed.Token);
                    }
                    else
                    {
                        foreach (var segment in buffer) await _socket.SendAsync(segment, WebSocketMessageType.Text, endOfMessage: false, _closed.Token);
                        await _socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, endOfMessage: true, _closed.Token);
                    }

                    _outgoing.Reader.AdvanceTo(buffer.End);
                    if (read.IsCompleted) break;
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                await _outgoing.Reader.CompleteAsync();
            }
        }

        private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
        {
            public PipeReader Input { get; } = input;

            public PipeWriter Output { get; } = output;
        }
    }
}

/// <summary>
/// Splits a byte stream into SignalR JSON frames (each ends with 0x1E) and parses only the head of
/// each: the properties that come first ("type", "invocationId", "target", and the first argument's
/// "version"). A queueUpdated frame can be tens of KB; its head is under a hundred bytes. With a
/// <c>forward</c> writer, the frames the listener wants are copied there and the others dropped.
/// </summary>
internal sealed class FrameScanner(bool wantTarget)
{
    private const byte Separator = 0x1E;
    private readonly byte[] _head = new byte[256];
    private int _length;
    private FrameHead _current;
    private bool _decided;
    private bool _keep;

    public void Feed(ReadOnlySpan<byte> data, long tick, IWireListener listener, bool fromServer, IBufferWriter<byte>? forward)
    {
        while (!data.IsEmpty)
        {
            var end = data.IndexOf(Separator);
            var part = end < 0 ? data : data[..end];
            if (!_decided)
            {
                var take = Math.Min(part.Length, _head.Length - _length);
                part[..take].CopyTo(_head.AsSpan(_length));
                _length += take;
                part = part[take..];
                if (end >= 0 || _length == _head.Length)
                {
                    // Enough of the frame to know what it is: decide whether it goes on.
                    _current = Parse(_head.AsSpan(0, _length), wantTarget);
                    _decided = true;
                    _keep = forward is not null && (!fromServer || listener.Forward(_current));
                    if (_keep) forward!.Write(_head.AsSpan(0, _length));
                }
            }

            if (_keep && !part.IsEmpty) forward!.Write(part);
            if (end < 0) return;

            if (_keep) forward!.Write([Separator]);
            if (fromServer) listener.OnServerFrame(_current, tick);
            else listener.OnClientFrame(_current);
            (_length, _decided, _keep) = (0, false, false);
            data = data[(end + 1)..];
        }
    }

    public static FrameHead Parse(ReadOnlySpan<byte> json, bool wantTarget)
    {
        int type = -1, invocationId = -1;
        string? target = null;
        long version = -1, fromVersion = -1;
        var hasError = false;
        var reader = new Utf8JsonReader(json, isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return new(type, invocationId, target, version, hasError);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    if (!reader.Read()) break;
                    type = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("invocationId"u8))
                {
                    if (!reader.Read()) break;
                    if (Utf8Parser.TryParse(reader.ValueSpan, out int id, out _)) invocationId = id;
                }
                else if (reader.ValueTextEquals("target"u8))
                {
                    if (!reader.Read()) break;
                    target = reader.ValueTextEquals("queueUpdated"u8) ? "queueUpdated" : wantTarget ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    hasError = true;
                    break;
                }
                else if (reader.ValueTextEquals("arguments"u8))
                {
                    if (reader.Read() && reader.TokenType == JsonTokenType.StartArray
                        && reader.Read() && reader.TokenType == JsonTokenType.StartObject
                        && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("version"u8)
                        && reader.Read() && reader.TokenType == JsonTokenType.Number)
                    {
                        version = reader.GetInt64();
                        if (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("fromVersion"u8)
                            && reader.Read() && reader.TokenType == JsonTokenType.Number)
                        {
                            fromVersion = reader.GetInt64();
                        }
                    }

                    break;
                }
                else if (reader.ValueTextEquals("result"u8) || !reader.TrySkip())
                {
                    break;
                }
            }
        }
        catch (JsonException)
        {
            // A head cut in an odd place: keep what was read.
        }

        return new(type, invocationId, target, version, hasError) { FromVersion = fromVersion >= 0 ? fromVersion : version };
    }
}
