using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.MultiNode;

/// <summary>
/// Two real server processes on one PostgreSQL database (SPEC §6): every node serves every
/// session, mutations reach clients on both in version order, PostgreSQL serializes concurrent
/// mutations, and a killed node's clients carry on through nginx on the survivor.
/// </summary>
public sealed class MultiNodeTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huddle-nodes-");
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly Dictionary<string, string> _env = new()
    {
        ["Storage__Provider"] = "Postgres",
        ["Huddle__RateLimits__Enabled"] = "false",
        ["Huddle__Engine__HeartbeatInterval"] = "00:00:00.500",
        ["Huddle__Engine__NodeExpiry"] = "00:00:03",
        // Long enough that a host who reconnects on the other node keeps the role however busy the
        // machine is; the one test about migration restarts the nodes with a short one.
        ["Huddle__Engine__HostGracePeriod"] = "00:05:00",
        ["Huddle__Engine__TickInterval"] = "00:00:00.100",
    };

    private ServerProcess _a = null!;
    private ServerProcess _b = null!;

    public async Task InitializeAsync()
    {
        _env["ConnectionStrings__Huddle"] = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync();
        var started = await Task.WhenAll(StartNode("node-a"), StartNode("node-b"));
        (_a, _b) = (started[0], started[1]);
    }

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_disposables)) await d.DisposeAsync();
        if (Environment.GetEnvironmentVariable("HUDDLE_KEEP_LOGS") is null) _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Mutations_OnEitherNode_ReachEveryClientOnBothNodes_InTheSameOrder()
    {
        var code = await CreateJamAsync(_a);
        var host = await JoinAsync(_a, code, null, HostToken);
        var guestOnB = await JoinAsync(_b, code, "Bea");
        var guestOnA = await JoinAsync(_a, code, "Cy");
        await host.Send("SetRole", new { participantId = guestOnB.ParticipantId, role = "moderator" });

        var items = new List<string>();
        for (var i = 0; i < 6; i++) items.Add(await (i % 2 == 0 ? host : guestOnB).AddAsync($"s0{110 + i}"));
        await Task.WhenAll(
            guestOnB.Send("Vote", new { itemId = items[5], value = 1 }),
            guestOnA.Send("Vote", new { itemId = items[4], value = 1 }),
            host.Send("Vote", new { itemId = items[3], value = -1 }));
        await guestOnB.Send("PlayNext");
        var final = await host.SnapshotAsync();
        var finalVersion = final.GetProperty("session").Version();

        foreach (var client in new[] { host, guestOnB, guestOnA })
        {
            await WaitForVersionAsync(client, finalVersion);
            var versions = client.VersionedEvents.Select(e => e.Payload.Version()).ToList();
            Assert.Equal(versions.Order(), versions); // in commit order on every node
            var seen = client.Snapshot.GetProperty("session").Version();
            Assert.All(versions, v => Assert.True(v > seen));
            Assert.Equal(Enumerable.Range((int)seen + 1, (int)(finalVersion - seen)).Select(v => (long)v), versions.Distinct());
        }

        var onA = await host.SnapshotAsync();
        var onB = await guestOnB.SnapshotAsync();
        Assert.Equal(onA.GetProperty("queue").ItemIds(), onB.GetProperty("queue").ItemIds());
        Assert.Equal(onA.GetProperty("nowPlaying").GetProperty("item").Str("itemId"), onB.GetProperty("nowPlaying").GetProperty("item").Str("itemId"));
        Assert.Equal(3, onB.GetProperty("participants").EnumerateArray().Count(p => p.GetProperty("present").GetBoolean()));
    }

    [Fact]
    public async Task FourHundredConcurrentVotes_FromTwentyClientsOnBothNodes_GiveExactScores()
    {
        var code = await CreateJamAsync(_a);
        var host = await JoinAsync(_a, code, null, HostToken);
        var items = new List<string>();
        for (var i = 0; i < 20; i++) items.Add(await host.AddAsync($"s0{200 + i}"));
        var voters = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => JoinAsync(i % 2 == 0 ? _a : _b, code, $"Voter {i}")));

        // Each voter votes once on each item: +1, -1 or a clear, so every final score is known.
        static int ValueOf(int voter, int item) => ((voter * 7) + item) % 3 - 1;
        await Task.WhenAll(voters.Select((voter, v) => Task.Run(async () =>
        {
            for (var i = 0; i < items.Count; i++) await voter.Send("Vote", new { itemId = items[i], value = ValueOf(v, i) });
        })));

        var expected = items.Select((id, i) => (id, Enumerable.Range(0, 20).Sum(v => ValueOf(v, i)))).ToDictionary();
        foreach (var node in new[] { _a, _b })
        {
            var watcher = await JoinAsync(node, code, "Watcher");
            var scores = watcher.Snapshot.GetProperty("queue").EnumerateArray().ToDictionary(q => q.Str("itemId"), q => q.GetProperty("score").GetInt32());
            Assert.Equal(expected, scores);
        }

        // Every voter heard every commit after its join, none twice out of order.
        var last = (await host.SnapshotAsync()).GetProperty("session").Version();
        foreach (var voter in voters)
        {
            await WaitForVersionAsync(voter, last);
            var versions = voter.VersionedEvents.Select(e => e.Payload.Version()).Distinct().ToList();
            var from = voter.Snapshot.GetProperty("session").Version();
            Assert.Equal(Enumerable.Range((int)from + 1, (int)(last - from)).Select(v => (long)v), versions);
        }
    }

    [Fact]
    public async Task SimultaneousPlayNext_ByHostAndModeratorOnDifferentNodes_AdvancesByExactlyOne()
    {
        var code = await CreateJamAsync(_a);
        var host = await JoinAsync(_a, code, null, HostToken);
        var moderator = await JoinAsync(_b, code, "Mo");
        await host.Send("SetRole", new { participantId = moderator.ParticipantId, role = "moderator" });
        var items = new List<string>();
        foreach (var song in new[] { "s0300", "s0301", "s0302" }) items.Add(await host.AddAsync(song));
        await host.Send("PlayNext");
        await Task.Delay(TimeSpan.FromMilliseconds(Core.Sessions.Session.DoubleNextWindowMs + 200));

        await Task.WhenAll(host.Send("PlayNext"), moderator.Send("PlayNext"));

        foreach (var client in new[] { host, moderator })
        {
            var snapshot = await client.SnapshotAsync();
            Assert.Equal(items[1], snapshot.GetProperty("nowPlaying").GetProperty("item").Str("itemId"));
            Assert.Equal([items[2]], snapshot.GetProperty("queue").ItemIds());
        }
    }

    [Fact]
    public async Task KillNine_TheNodeBehindNginx_ClientsResumeOnTheOtherWithTheirTokens_AndNothingAcknowledgedIsLost()
    {
        var nginx = await Nginx.StartAsync([_a.BaseUri, _b.BaseUri]);
        _disposables.Add(nginx);
        using var http = new HttpClient { BaseAddress = nginx.BaseUri };
        var code = await CreateJamAsync(nginx.BaseUri);
        var hub = new Uri(nginx.BaseUri, "/hubs/session");
        var host = await JoinAsync(hub, code, null, HostToken);
        var guest = await JoinAsync(hub, code, "Gus");
        var leaver = await JoinAsync(hub, code, "Lee");
        await host.Send("SetRole", new { participantId = guest.ParticipantId, role = "moderator" });
        var items = new List<string>();
        foreach (var song in new[] { "s0150", "s0151", "s0152", "s0153" }) items.Add(await guest.AddAsync(song));
        await host.Send("PlayNext");
        await guest.Send("Vote", new { itemId = items[3], value = 1 });
        await leaver.Send("Vote", new { itemId = items[3], value = 1 });
        await host.Send("Vote", new { itemId = items[1], value = -1 });
        var acknowledged = await host.SnapshotAsync();

        // ip_hash sends every loopback client to one node: that is the one to kill.
        var serving = (await http.GetFromJsonAsync<JsonElement>("/readyz")).Str("node");
        var (victim, survivor) = serving == "node-a" ? (_a, _b) : (_b, _a);
        await victim.KillAsync();

        var hostAgain = await JoinAsync(hub, code, null, host.Token);
        var guestAgain = await JoinAsync(hub, code, null, guest.Token);
        Assert.Equal(survivor == _a ? "node-a" : "node-b", (await http.GetFromJsonAsync<JsonElement>("/readyz")).Str("node"));

        Assert.Equal(host.ParticipantId, hostAgain.ParticipantId);
        Assert.Equal("host", hostAgain.Snapshot.GetProperty("you").Str("role"));
        Assert.Equal("moderator", guestAgain.Snapshot.GetProperty("you").Str("role"));
        Assert.Equal(acknowledged.GetProperty("queue").ItemIds(), guestAgain.Snapshot.GetProperty("queue").ItemIds());
        Assert.Equal([items[3], items[2], items[1]], guestAgain.Snapshot.GetProperty("queue").ItemIds());
        Assert.Equal(2, guestAgain.Snapshot.GetProperty("queue")[0].GetProperty("score").GetInt32());
        Assert.Equal(items[0], guestAgain.Snapshot.GetProperty("nowPlaying").GetProperty("item").Str("itemId"));
        Assert.Equal(-1, hostAgain.Snapshot.GetProperty("myVotes").GetProperty(items[1]).GetInt32());

        // The one who never came back is marked absent once the dead node's connections expire.
        var gone = await hostAgain.WaitFor("participantLeft", e => e.Str("participantId") == leaver.ParticipantId, timeoutMs: 15_000);
        Assert.Equal("disconnected", gone.Str("reason"));

        await hostAgain.Send("PlayNext");
        Assert.Equal(items[3], (await guestAgain.WaitFor("nowPlaying")).GetProperty("item").Str("itemId"));
    }

    [Fact]
    public async Task ThroughNginx_ABrowsersOwnOrigin_Connects_AndAForeignOriginIsRefused()
    {
        var nginx = await Nginx.StartAsync([_a.BaseUri, _b.BaseUri]);
        _disposables.Add(nginx);
        var code = await CreateJamAsync(nginx.BaseUri);

        // What a page served by nginx sends: Origin http://127.0.0.1:<nginx port>, Host with that port.
        var page = nginx.BaseUri.GetLeftPart(UriPartial.Authority);
        await using (var browser = await Fuzz.RawHubClient.ConnectAsync(nginx.BaseUri, origin: page))
        {
            var joined = await browser.InvokeAsync("JoinSession", JsonSerializer.Serialize(new { code, name = "Browser" }));
            Assert.Null(joined.Error);
            Assert.Equal(code, joined.Result!.Value.GetProperty("session").Str("code"));
        }

        using var http = new HttpClient { BaseAddress = nginx.BaseUri };
        using (var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/session/negotiate?negotiateVersion=1"))
        {
            negotiate.Headers.Add("Origin", page);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.SendAsync(negotiate)).StatusCode);
        }

        foreach (var foreign in new[] { "http://evil.example", $"https://127.0.0.1:{nginx.BaseUri.Port}", "http://127.0.0.1" })
        {
            using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/session/negotiate?negotiateVersion=1");
            negotiate.Headers.Add("Origin", foreign);
            await Operations.Problem.AssertAsync(await http.SendAsync(negotiate), 403, "origin_not_allowed");
            await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => Fuzz.RawHubClient.ConnectAsync(nginx.BaseUri, origin: foreign));
        }
    }

    [Fact]
    public async Task ThroughNginx_EveryoneInASession_ReachesTheSameNode_AndSessionsSpreadOverBoth()
    {
        var nginx = await Nginx.StartAsync([_a.BaseUri, _b.BaseUri]);
        _disposables.Add(nginx);
        var codes = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var code = await CreateJamAsync(nginx.BaseUri);
            codes.Add(code);

            // As the web app connects: the session's code in the hub's address, for nginx to hash on.
            var hub = new Uri(nginx.BaseUri, $"/hubs/session?session={code}");
            await JoinAsync(hub, code, "One");
            await JoinAsync(hub, code, "Two");
        }

        // Which node holds each connection: every node records its connections in PostgreSQL.
        await using var db = Npgsql.NpgsqlDataSource.Create(_env["ConnectionStrings__Huddle"]);
        await using var cmd = db.CreateCommand("SELECT s.code, c.node_id FROM connections c JOIN sessions s ON s.id = c.session_id");
        var rows = new List<(string Code, string Node)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        var nodesBySession = rows.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.Select(r => r.Node).Distinct().ToList());
        Assert.Equal(codes.Order(), nodesBySession.Keys.Order());
        Assert.All(nodesBySession.Values, nodes => Assert.Single(nodes));
        Assert.Equal(["node-a", "node-b"], nodesBySession.Values.Select(n => n[0]).Distinct().Order());
    }

    [Fact]
    public async Task KillNine_TheHostsNode_HostRoleMigratesOnTheSurvivor()
    {
        await RestartNodesAsync(new() { ["Huddle__Engine__HostGracePeriod"] = "00:00:02" });
        var code = await CreateJamAsync(_a);
        await JoinAsync(_a, code, null, HostToken);
        var guest = await JoinAsync(_b, code, "Gus");

        await _a.KillAsync();

        // Node expiry (3 s) marks the host absent, then the grace period (2 s) hands the role on.
        var changed = await guest.WaitFor("hostChanged", timeoutMs: 20_000);
        Assert.Equal(guest.ParticipantId, changed.Str("participantId"));
        Assert.Equal("host", (await guest.SnapshotAsync()).GetProperty("you").Str("role"));
    }

    [Fact]
    public async Task Sigterm_TellsClientsToReconnect_ExitsCleanly_AndTheyResumeOnTheOtherNode()
    {
        var code = await CreateJamAsync(_a);
        var host = await JoinAsync(_a, code, null, HostToken);
        var guest = await JoinAsync(_b, code, "Gus");
        var item = await host.AddAsync("s0160");

        var exit = _a.TerminateAsync();

        Assert.Equal("server_restarting", (await host.WaitFor("reconnect")).Str("reason"));
        Assert.Equal(0, await exit.WaitAsync(TimeSpan.FromSeconds(20)));
        await guest.WaitFor("participantLeft", e => e.Str("participantId") == host.ParticipantId, timeoutMs: 20_000);
        var back = await JoinAsync(_b, code, null, host.Token);
        Assert.Equal("host", back.Snapshot.GetProperty("you").Str("role"));
        Assert.Equal([item], back.Snapshot.GetProperty("queue").ItemIds());
        Assert.Equal(host.ParticipantId, (await guest.WaitFor("participantJoined", e => e.GetProperty("participant").Str("participantId") == host.ParticipantId)).GetProperty("participant").Str("participantId"));
    }

    private string HostToken { get; set; } = "";

    private async Task<ServerProcess> StartNode(string nodeId)
    {
        var env = new Dictionary<string, string>(_env) { ["Huddle__Engine__NodeId"] = nodeId };
        var node = await ServerProcess.StartAsync(_dir.FullName, ServerProcess.FreePort(), env);
        _disposables.Add(node);
        return node;
    }

    /// <summary>Replaces both nodes with new ones whose settings differ from the class's by <paramref name="changes"/>.</summary>
    private async Task RestartNodesAsync(Dictionary<string, string> changes)
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _disposables.Remove(_a);
        _disposables.Remove(_b);
        foreach (var (key, value) in changes) _env[key] = value;
        var started = await Task.WhenAll(StartNode("node-a"), StartNode("node-b"));
        (_a, _b) = (started[0], started[1]);
    }

    private Task<string> CreateJamAsync(ServerProcess node) => CreateJamAsync(node.BaseUri);

    private async Task<string> CreateJamAsync(Uri baseUri)
    {
        using var http = new HttpClient { BaseAddress = baseUri };
        var created = await (await http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "Host" })).Content.ReadFromJsonAsync<JsonElement>();
        HostToken = created.Str("participantToken");
        return created.Str("code");
    }

    private Task<TestClient> JoinAsync(ServerProcess node, string code, string? name, string? token = null) =>
        JoinAsync(new Uri(node.BaseUri, "/hubs/session"), code, name, token);

    private async Task<TestClient> JoinAsync(Uri hub, string code, string? name, string? token = null)
    {
        var client = await TestClient.ConnectAsync(hub);
        _disposables.Add(client);
        await client.JoinAsync(code, name, token);
        return client;
    }

    private static async Task WaitForVersionAsync(TestClient client, long version)
    {
        for (var i = 0; i < 100 && !client.VersionedEvents.Any(e => e.Payload.Version() >= version); i++) await Task.Delay(50);
    }
}
