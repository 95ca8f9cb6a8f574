using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Huddle.Server.Tests.Infrastructure;

/// <summary>One participant's real hub connection, recording every server event it receives.</summary>
public sealed class TestClient : IAsyncDisposable
{
    public static readonly string[] EventNames =
    [
        "participantJoined", "participantLeft", "hostChanged", "roleChanged", "queueUpdated", "voteUpdated", "itemMoved", "nowPlaying",
        "playbackUpdated", "historyUpdated", "skipUpdated", "settingsUpdated", "kicked", "sessionEnded", "event", "reconnect",
        "deckUpdated", "matchFound", "watchPartyUpdated", "questionsUpdated", "questionScoreUpdated", "questionUpdated", "moderationUpdated", "pollUpdated", "bookingChanged", "availabilityChanged", "sessionExpiring", "sessionKeptAlive",
        "notesUpdated", "participantUnbanned",
        "reaction",
        "preferencesChanged", "deckReadyUpdated",
    ];

    private readonly List<(string Name, JsonElement Payload)> _events = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public string ParticipantId { get; private set; } = "";

    public string Token { get; private set; } = "";

    public JsonElement Snapshot { get; private set; }

    /// <summary>Completes with the error the connection closed with (null for a clean close).</summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>
    /// Connects with the official .NET client as an app would: negotiate, then the best transport
    /// both sides offer (WebSockets), or only <paramref name="transports"/> when a test names them.
    /// </summary>
    /// <param name="source">The local address to connect from, to be another client IP (e.g. 127.0.0.2).</param>
    public static async Task<TestClient> ConnectAsync(Uri hubUri, HttpTransportType transports = HttpTransportType.None, IPAddress? source = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUri, o =>
            {
                if (transports != HttpTransportType.None) o.Transports = transports;
                if (source is not null)
                {
                    // Every request of the connection (negotiate, SSE, long polling) and its WebSocket leave from that address.
                    o.HttpMessageHandlerFactory = _ => FromAddress(source);
                    o.WebSocketFactory = async (context, ct) =>
                    {
                        var ws = new ClientWebSocket();
                        await ws.ConnectAsync(context.Uri, new HttpMessageInvoker(FromAddress(source)), ct);
                        return ws;
                    };
                }
            })
            .Build();
        var client = new TestClient(connection);
        connection.Closed += error =>
        {
            client._closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        foreach (var name in EventNames)
        {
            connection.On<JsonElement>(name, payload => client.Record(name, payload));
        }

        // A busy session batches consecutive votes (docs/protocol.md §1.2); a client applies them one by one.
        connection.On<JsonElement>("votesUpdated", batch =>
        {
            foreach (var vote in batch.GetProperty("votes").EnumerateArray()) client.Record("voteUpdated", vote.Clone());
        });
        connection.On<JsonElement>("questionScoresUpdated", batch =>
        {
            foreach (var score in batch.GetProperty("scores").EnumerateArray()) client.Record("questionScoreUpdated", score.Clone());
        });

        await connection.StartAsync();
        return client;
    }

    public IReadOnlyList<(string Name, JsonElement Payload)> Events
    {
        get
        {
            lock (_gate) return _events.ToList();
        }
    }

    /// <summary>The events that carry a session version (all but the relay's and reconnect notices).</summary>
    public IReadOnlyList<(string Name, JsonElement Payload)> VersionedEvents =>
        Events.Where(e => e.Payload.ValueKind == JsonValueKind.Object && e.Payload.TryGetProperty("version", out _)).ToList();

    public async Task<JsonElement> JoinAsync(string code, string? name, string? token = null)
    {
        Snapshot = await Connection.InvokeAsync<JsonElement>("JoinSession", new { code, name, participantToken = token });
        ParticipantId = Snapshot.GetProperty("you").GetProperty("participantId").GetString()!;
        Token = Snapshot.GetProperty("you").GetProperty("participantToken").GetString()!;
        return Snapshot;
    }

    public Task<JsonElement> Call(string method, object argument) => Connection.InvokeAsync<JsonElement>(method, argument);

    public Task Send(string method, object argument) => Connection.InvokeAsync(method, argument);

    public Task Send(string method) => Connection.InvokeAsync(method);

    public Task<JsonElement> SnapshotAsync() => Connection.InvokeAsync<JsonElement>("GetSnapshot");

    /// <summary>
    /// A round trip that returns once every event queued for this client's session before it has
    /// arrived (a call completes after its session's outbox has sent what was queued before it).
    /// </summary>
    public Task<JsonElement> SyncAsync() => SnapshotAsync();

    /// <summary>Adds a catalog song and returns the new item id.</summary>
    public async Task<string> AddAsync(string catalogId) =>
        (await Call("AddToQueue", new { catalogId })).GetProperty("itemId").GetString()!;

    /// <summary>
    /// Invokes and expects a rejection with the given error code. SignalR prefixes the server's
    /// HubException message ("An unexpected error occurred invoking 'X' on the server. HubException: "),
    /// so the code is what follows that prefix, exactly as docs/protocol.md tells clients to parse it.
    /// </summary>
    public async Task<string> RejectedAsync(string expectedCode, string method, params object[] args)
    {
        var error = await Assert.ThrowsAsync<HubException>(() => Connection.InvokeCoreAsync(method, typeof(object), args));
        Assert.Equal(expectedCode, ErrorCode(error.Message));
        return error.Message;
    }

    public static string? ErrorCode(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "HubException: ([a-z_]+):");
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Waits until an event of this name matching the predicate has arrived.</summary>
    public async Task<JsonElement> WaitFor(string name, Func<JsonElement, bool>? match = null, int timeoutMs = 5000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        while (true)
        {
            lock (_gate)
            {
                foreach (var (n, p) in _events)
                {
                    if (n == name && (match is null || match(p))) return p;
                }
            }

            try
            {
                await _signal.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No '{name}' event arrived in {timeoutMs} ms. Got: {string.Join(", ", Events.Select(e => e.Name))}");
            }
        }
    }

    public void ClearEvents()
    {
        lock (_gate) _events.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        _signal.Dispose();
    }

    /// <summary>A handler whose sockets bind <paramref name="local"/> (all of 127.0.0.0/8 is local on Linux).</summary>
    private static SocketsHttpHandler FromAddress(IPAddress local) => new()
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private void Record(string name, JsonElement payload)
    {
        lock (_gate) _events.Add((name, payload.Clone()));
        _signal.Release();
    }
}

public static class JsonExtensions
{
    public static string Str(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    public static long Version(this JsonElement e) => e.GetProperty("version").GetInt64();

    public static IReadOnlyList<string> ItemIds(this JsonElement queue) =>
        queue.EnumerateArray().Select(i => i.Str("itemId")).ToList();
}
