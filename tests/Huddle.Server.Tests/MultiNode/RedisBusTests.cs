using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.MultiNode;

/// <summary>
/// Two real server processes on one PostgreSQL database with <c>Bus:Provider=Redis</c> and a real
/// redis-server: commits reach the other node's clients over per-session channels, a node hears only
/// the sessions it holds, and Redis killed and started again under load loses nothing acknowledged.
/// The tests of the class run one after another on the same nodes (the message counters are per node), and
/// their clients stay connected until the class ends.
/// </summary>
public sealed class RedisBusTests(RedisBusTests.Nodes nodes) : IClassFixture<RedisBusTests.Nodes>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Commits_OnEitherNode_ReachClientsOnBothNodes_InCommitOrder()
    {
        var (code, hostToken) = await CreateJamAsync(nodes.A);
        var host = await nodes.JoinAsync(nodes.A, code, null, hostToken);
        var guest = await nodes.JoinAsync(nodes.B, code, "Bea");
        await host.Send("SetRole", new { participantId = guest.ParticipantId, role = "moderator" });

        var items = new List<string>();
        for (var i = 0; i < 6; i++) items.Add(await (i % 2 == 0 ? host : guest).AddAsync($"s0{120 + i}"));
        await Task.WhenAll(guest.Send("Vote", new { itemId = items[5], value = 1 }), host.Send("Vote", new { itemId = items[4], value = -1 }));
        var final = (await host.SnapshotAsync()).GetProperty("session").Version();

        foreach (var client in new[] { host, guest })
        {
            await WaitForVersionAsync(client, final);
            var versions = client.VersionedEvents.Select(e => e.Payload.Version()).Distinct().ToList();
            var from = client.Snapshot.GetProperty("session").Version();
            // Every version after the join's snapshot, in order, none missed, through the last one the test made
            // (a later commit of the session's own, e.g. playback moving on, may follow: it must be in order too).
            Assert.Equal(Enumerable.Range((int)from + 1, versions.Count).Select(v => (long)v), versions);
            Assert.True(versions[^1] >= final, $"the client's last version {versions[^1]} is before the final {final}");
        }

        Assert.Equal((await host.SnapshotAsync()).GetProperty("queue").ToString(), (await guest.SnapshotAsync()).GetProperty("queue").ToString());
    }

    [Fact]
    public async Task ANodeWithoutClientsInASession_ReceivesNoneOfItsNotices_UntilOneJoinsThere()
    {
        var (code, hostToken) = await CreateJamAsync(nodes.A);
        var host = await nodes.JoinAsync(nodes.A, code, null, hostToken);
        var (aBefore, bBefore) = (await BusMessagesAsync(nodes.A), await BusMessagesAsync(nodes.B));

        var items = new List<string>();
        for (var i = 0; i < 4; i++) items.Add(await host.AddAsync($"s0{140 + i}"));

        // A follows its session and hears its own four commits come back; B heard nothing of them.
        await PollAsync(async () => await BusMessagesAsync(nodes.A) >= aBefore + 4, "node A heard its four commits");
        Assert.Equal(bBefore, await BusMessagesAsync(nodes.B));

        // A client joins on B: B follows the session from then on (its own join, then A's vote).
        var guest = await nodes.JoinAsync(nodes.B, code, "Bea");
        await host.Send("Vote", new { itemId = items[0], value = 1 });
        var voted = (await host.SnapshotAsync()).GetProperty("session").Version();
        await WaitForVersionAsync(guest, voted);
        var sinceJoin = voted - guest.Snapshot.GetProperty("session").Version() + 1;   // the join's own commit, then A's
        Assert.InRange(sinceJoin, 2, 3);
        Assert.Equal(bBefore + sinceJoin, await BusMessagesAsync(nodes.B));
    }

    [Fact]
    public async Task RedisKilledAndStartedAgain_UnderLoad_LosesNothingAcknowledged_AndTheOtherNodeCatchesUpExactly()
    {
        var (code, hostToken) = await CreateJamAsync(nodes.A);
        var voter = await nodes.JoinAsync(nodes.A, code, null, hostToken);
        var items = new List<string>();
        for (var i = 0; i < 5; i++) items.Add(await voter.AddAsync($"s0{160 + i}"));
        var watcher = await nodes.JoinAsync(nodes.B, code, "Watcher");

        // The voter on A votes without pause; each acknowledged vote is recorded as the item's expected score.
        var expected = new Dictionary<string, int>();
        var acknowledged = 0;
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var (item, value) = (items[i % items.Count], (i / items.Count) % 2 == 0 ? 1 : -1);
                await voter.Send("Vote", new { itemId = item, value });
                lock (expected) expected[item] = value;
                Interlocked.Increment(ref acknowledged);
            }
        });
        async Task VotesAsync(int more)
        {
            var target = Volatile.Read(ref acknowledged) + more;
            await PollAsync(() => Task.FromResult(load.IsCompleted || Volatile.Read(ref acknowledged) >= target), $"{more} more acknowledged votes");
            if (load.IsFaulted) await load;
        }

        await VotesAsync(20);
        await nodes.Redis.KillAsync();
        foreach (var node in new[] { nodes.A, nodes.B }) await WaitForBusAsync(node, "degraded");
        await VotesAsync(20);   // commits go on, to PostgreSQL, while nobody carries notices
        await nodes.Redis.StartAgainAsync();
        foreach (var node in new[] { nodes.A, nodes.B }) await WaitForBusAsync(node, "ok");
        await VotesAsync(20);
        await stop.CancelAsync();
        await load;

        var onA = await voter.SnapshotAsync();
        var final = onA.GetProperty("session").Version();
        await WaitForVersionAsync(watcher, final);
        var onB = await watcher.SnapshotAsync();
        Assert.Equal(final, onB.GetProperty("session").Version());
        Assert.Equal(expected, Scores(onA));
        Assert.Equal(expected, Scores(onB));
        // B's watcher heard every commit from its join on, in order, none lost in the outage.
        var versions = watcher.VersionedEvents.Select(e => e.Payload.Version()).Distinct().ToList();
        var from = watcher.Snapshot.GetProperty("session").Version();
        Assert.Equal(Enumerable.Range((int)from + 1, (int)(final - from)).Select(v => (long)v), versions);
    }

    private static Dictionary<string, int> Scores(JsonElement snapshot) =>
        snapshot.GetProperty("queue").EnumerateArray().ToDictionary(q => q.Str("itemId"), q => q.GetProperty("score").GetInt32());

    private static async Task<(string Code, string HostToken)> CreateJamAsync(Uri node)
    {
        using var http = new HttpClient { BaseAddress = node };
        var created = await (await http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "Host" })).Content.ReadFromJsonAsync<JsonElement>();
        return (created.Str("code"), created.Str("participantToken"));
    }

    /// <summary>The node's <c>huddle_bus_messages_total</c> (0 before its first message).</summary>
    private static async Task<long> BusMessagesAsync(Uri node)
    {
        using var http = new HttpClient { BaseAddress = node };
        var text = await http.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("huddle_bus_messages_total ", StringComparison.Ordinal));
        return line is null ? 0 : (long)double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until <c>/readyz</c> reports the bus as <paramref name="bus"/>; the node stays ready (200) throughout.</summary>
    private static async Task WaitForBusAsync(Uri node, string bus)
    {
        using var http = new HttpClient { BaseAddress = node };
        await PollAsync(async () =>
        {
            using var response = await http.GetAsync("/readyz");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("ready", body.Str("status"));
            return body.Str("bus") == bus;
        }, $"{node} reports bus {bus}");
    }

    private static Task WaitForVersionAsync(TestClient client, long version) =>
        PollAsync(() => Task.FromResult(client.VersionedEvents.Any(e => e.Payload.Version() >= version)), $"a client reaches version {version}");

    private static async Task PollAsync(Func<Task<bool>> done, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > Patience) throw new TimeoutException($"Waited {Patience.TotalSeconds} s for: {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>redis-server, a fresh PostgreSQL database and two nodes on the Redis bus, for the class.</summary>
    public sealed class Nodes : IAsyncLifetime
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huddle-redis-bus-");
        private readonly List<ServerProcess> _nodes = [];
        private readonly List<TestClient> _clients = [];
        private string? _database;

        public RedisServer Redis { get; private set; } = null!;

        public Uri A => _nodes[0].BaseUri;

        public Uri B => _nodes[1].BaseUri;

        public async Task InitializeAsync()
        {
            Redis = await RedisServer.StartAsync();
            _database = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync();
            var env = new Dictionary<string, string>
            {
                ["Storage__Provider"] = "Postgres",
                ["ConnectionStrings__Huddle"] = _database,
                ["Bus__Provider"] = "Redis",
                ["Bus__Redis__Configuration"] = Redis.Configuration,
                ["Huddle__RateLimits__Enabled"] = "false",
                ["Huddle__Engine__HeartbeatInterval"] = "00:00:00.500",
                ["Huddle__Engine__HostGracePeriod"] = "00:05:00",
            };
            var started = await Task.WhenAll(new[] { "bus-a", "bus-b" }.Select(id =>
                ServerProcess.StartAsync(_dir.FullName, ServerProcess.FreePort(), new Dictionary<string, string>(env) { ["Huddle__Engine__NodeId"] = id })));
            _nodes.AddRange(started);
        }

        /// <summary>
        /// A client joined on <paramref name="node"/>, kept connected until the class ends: a client
        /// leaving is a commit, which would reach the nodes during the next test and blur its counts.
        /// </summary>
        public async Task<TestClient> JoinAsync(Uri node, string code, string? name, string? token = null)
        {
            var client = await TestClient.ConnectAsync(new Uri(node, "/hubs/session"));
            _clients.Add(client);
            await client.JoinAsync(code, name, token);
            return client;
        }

        public async Task DisposeAsync()
        {
            foreach (var client in _clients) await client.DisposeAsync();
            foreach (var node in _nodes) await node.DisposeAsync();
            if (_database is not null) await (await PostgresCluster.GetAsync()).DropDatabaseAsync(_database);
            if (Redis is not null) await Redis.DisposeAsync();
            if (Environment.GetEnvironmentVariable("HUDDLE_KEEP_LOGS") is null) _dir.Delete(recursive: true);
        }
    }
}
