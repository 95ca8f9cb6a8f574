using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace Huddle.LoadGen;

/// <summary>What the tap learned from the first bytes of one SignalR JSON frame.</summary>
internal readonly record struct FrameHead(int Type, int InvocationId, string? Target, long Version, bool HasError)
{
    /// <summary>First version of a batch frame (<c>votesUpdated</c> carries FromVersion..Version); else Version.</summary>
    public long FromVersion { get; init; } = Version;

    /// <summary>The whole frame's size on the wire, its record separator included (bytes per event).</summary>
    public long Bytes { get; init; }

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
/// The WebSocket the official client's transport reads and writes, wrapped so the listener sees every
/// frame in both directions, in wire order, before HubConnection does. That matters because
/// HubConnection hands events to handlers on a separate loop from completions, so only the wire says
/// which events came before a call's completion. The tap also keeps event frames a participant does
/// not need away from HubConnection: parsing every multi-KB queueUpdated in every client would cost
/// more CPU than the server under test.
/// </summary>
internal sealed class TappedWebSocket(WebSocket inner, IWireListener listener) : WebSocket
{
    private readonly FrameScanner _fromServer = new(wantTarget: false);
    private readonly FrameScanner _toServer = new(wantTarget: true);
    private readonly byte[] _receiveBuffer = new byte[8192];

    // What the tap let through and the transport has not taken yet: a frame head decided in this read
    // can carry bytes of earlier reads, so this can be more than the transport's buffer holds.
    private readonly ArrayBufferWriter<byte> _kept = new(8192);
    private int _keptTaken;

    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;

    public override string? CloseStatusDescription => inner.CloseStatusDescription;

    public override WebSocketState State => inner.State;

    public override string? SubProtocol => inner.SubProtocol;

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var kept = _kept.WrittenCount - _keptTaken;
            if (kept > 0)
            {
                var n = Math.Min(kept, buffer.Length);
                _kept.WrittenSpan.Slice(_keptTaken, n).CopyTo(buffer.Span);
                _keptTaken += n;
                var all = _keptTaken == _kept.WrittenCount;
                if (all)
                {
                    _kept.ResetWrittenCount();
                    _keptTaken = 0;
                }

                return new(n, WebSocketMessageType.Text, endOfMessage: all);
            }

            ValueWebSocketReceiveResult result;
            try
            {
                // The transport's zero-byte read (wait for data without holding a buffer) goes straight through.
                result = await inner.ReceiveAsync(buffer.IsEmpty ? buffer : _receiveBuffer.AsMemory(), cancellationToken);
            }
            catch
            {
                listener.OnClosed();
                throw;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                listener.OnClosed();
                return result;
            }

            if (buffer.IsEmpty) return result;

            // Tap first, so the listener has seen an event before HubConnection can complete an
            // invocation whose completion follows it in the same read. When the tap dropped every
            // frame of this read, read again: the transport only wants bytes.
            _fromServer.Feed(_receiveBuffer.AsSpan(0, result.Count), Stopwatch.GetTimestamp(), listener, fromServer: true, _kept);
        }
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return new(result.Count, result.MessageType, result.EndOfMessage, CloseStatus, CloseStatusDescription);
    }

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken)
    {
        _toServer.Feed(buffer.Span, 0, listener, fromServer: false, forward: null);
        return inner.SendAsync(buffer, messageType, messageFlags, cancellationToken);
    }

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer, messageType, endOfMessage ? WebSocketMessageFlags.EndOfMessage : WebSocketMessageFlags.None, cancellationToken);

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort()
    {
        listener.OnClosed();
        inner.Abort();
    }

    public override void Dispose()
    {
        listener.OnClosed();
        inner.Dispose();
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
    private long _bytes;

    public void Feed(ReadOnlySpan<byte> data, long tick, IWireListener listener, bool fromServer, IBufferWriter<byte>? forward)
    {
        while (!data.IsEmpty)
        {
            var end = data.IndexOf(Separator);
            var part = end < 0 ? data : data[..end];
            _bytes += part.Length;
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
            var frame = _current with { Bytes = _bytes + 1 };
            if (fromServer) listener.OnServerFrame(frame, tick);
            else listener.OnClientFrame(frame);
            (_length, _decided, _keep, _bytes) = (0, false, false, 0);
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
                    // The events whose bytes the runs report are named without allocating; others only when asked.
                    target = reader.ValueTextEquals("queueUpdated"u8) ? "queueUpdated"
                        : reader.ValueTextEquals("questionUpdated"u8) ? "questionUpdated"
                        : reader.ValueTextEquals("questionScoreUpdated"u8) ? "questionScoreUpdated"
                        : reader.ValueTextEquals("questionScoresUpdated"u8) ? "questionScoresUpdated"
                        : wantTarget ? reader.GetString() : null;
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
