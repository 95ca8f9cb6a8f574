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
        "participantJoined", "participantLeft", "hostChanged", "roleChanged", "queueUpdated", "voteUpdated", "nowPlaying",
        "playbackUpdated", "historyUpdated", "skipUpdated", "settingsUpdated", "kicked", "sessionEnded", "event", "reconnect",
        "deckUpdated", "matchFound", "questionsUpdated", "questionScoreUpdated", "bookingChanged", "availabilityChanged", "sessionExpiring", "sessionKeptAlive",
        "notesUpdated",
    ];

    private readonly List<(string Name, JsonElement Payload)> _events = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);

    private TestClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public string ParticipantId { get; private set; } = "";

    public string Token { get; private set; } = "";

    public JsonElement Snapshot { get; private set; }

    /// <summary>
    /// Connects with the official .NET client as an app would: negotiate, then the best transport
    /// both sides offer (WebSockets), or only <paramref name="transports"/> when a test names them.
    /// </summary>
    public static async Task<TestClient> ConnectAsync(Uri hubUri, HttpTransportType transports = HttpTransportType.None)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUri, o =>
            {
                if (transports != HttpTransportType.None) o.Transports = transports;
            })
            .Build();
        var client = new TestClient(connection);
        foreach (var name in EventNames)
        {
            connection.On<JsonElement>(name, payload => client.Record(name, payload));
        }

        // A busy session batches consecutive votes (docs/protocol.md §1.2); a client applies them one by one.
        connection.On<JsonElement>("votesUpdated", batch =>
        {
            foreach (var vote in batch.GetProperty("votes").EnumerateArray()) client.Record("voteUpdated", vote.Clone());
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
