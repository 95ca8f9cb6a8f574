using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Huddle.Server.Tests.Fuzz;

/// <summary>
/// A hub connection that speaks SignalR's JSON protocol by hand over a WebSocket, so the fuzzer
/// can send any argument text (wrong counts, lone surrogates, deep nesting) that a client library
/// would refuse to serialize.
/// </summary>
public sealed class RawHubClient : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly StringBuilder _pending = new();
    private int _invocationId;

    public bool Open => _socket.State == WebSocketState.Open;

    /// <summary>Connects to the hub; <paramref name="query"/> (e.g. <c>access_token=…</c>) and <paramref name="origin"/> as a browser sends them.</summary>
    public static async Task<RawHubClient> ConnectAsync(Uri baseUri, string? query = null, string? origin = null)
    {
        var client = new RawHubClient();
        if (origin is not null) client._socket.Options.SetRequestHeader("Origin", origin);
        var ws = new UriBuilder(baseUri) { Scheme = baseUri.Scheme == "https" ? "wss" : "ws", Path = "/hubs/session", Query = query ?? "" }.Uri;
        await client._socket.ConnectAsync(ws, CancellationToken.None);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}" + Separator);
        var handshake = await client.ReadMessageAsync(TimeSpan.FromSeconds(5));
        if (handshake is null || handshake.Contains("error", StringComparison.Ordinal)) throw new InvalidOperationException($"Handshake failed: {handshake}");
        return client;
    }

    /// <summary>Invokes <paramref name="target"/> with the given raw JSON arguments; returns (result, error), or throws if the connection closes.</summary>
    public async Task<(JsonElement? Result, string? Error)> InvokeAsync(string target, params string[] rawArguments)
    {
        var id = (++_invocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = $"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":{JsonSerializer.Serialize(target)},\"arguments\":[{string.Join(',', rawArguments)}]}}";
        await SendAsync(message + Separator);
        while (true)
        {
            var text = await ReadMessageAsync(TimeSpan.FromSeconds(10)) ?? throw new IOException("The server closed the connection.");
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var type = root.GetProperty("type").GetInt32();
            if (type == 7) throw new IOException($"The server closed the connection: {text}");
            if (type != 3 || root.GetProperty("invocationId").GetString() != id) continue; // events, pings
            if (root.TryGetProperty("error", out var error)) return (null, error.GetString());
            return (root.TryGetProperty("result", out var result) ? result.Clone() : null, null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Open) await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }

        _socket.Dispose();
    }

    private Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task<string?> ReadMessageAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(Separator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return text[..end];
            }

            var received = await _socket.ReceiveAsync(buffer, cts.Token);
            if (received.MessageType == WebSocketMessageType.Close) return null;
            _pending.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
    }
}
