using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.MultiNode;

/// <summary>
/// Two real server processes on one PostgreSQL database with small limits: a client that spreads
/// its requests over both nodes gets each per-IP limit once, not twice. Each test is its own client
/// address (X-Forwarded-For from the loopback proxy, or a 127.0.0.x source for the hub), so the tests
/// share the two nodes without sharing a budget.
/// </summary>
public sealed class SharedLimitsTwoNodeTests(SharedLimitsTwoNodeCases.Nodes nodes)
    : SharedLimitsTwoNodeCases(nodes), IClassFixture<SharedLimitsTwoNodeCases.Nodes>;

/// <summary>The two-node limit cases, for each shared store: PostgreSQL tables, or Redis (<see cref="RedisSharedLimitsTwoNodeTests"/>).</summary>
public abstract class SharedLimitsTwoNodeCases(SharedLimitsTwoNodeCases.Nodes nodes)
{
    private const int ApiRequests = 10;
    private const int Creates = 3;
    private const int FailedLookups = 4;
    private const int ConnectionsPerIp = 2;

    [Fact]
    public async Task ApiRequests_AlternatingBetweenTwoNodes_AreAdmittedOnce_NotOncePerNode()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3 * ApiRequests; i++)
        {
            using var response = await SendAsync(HttpMethod.Get, nodes.Node(i), "/api/songs/genres", "203.0.113.10");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) await AssertRateLimitedAsync(response);
        }

        Assert.Equal(ApiRequests, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.All(statuses.Skip(ApiRequests), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task SessionCreates_AlternatingBetweenTwoNodes_AreAdmittedOnce_NotOncePerNode()
    {
        var created = 0;
        for (var i = 0; i < 3 * Creates; i++)
        {
            using var response = await SendAsync(HttpMethod.Post, nodes.Node(i), "/api/sessions", "203.0.113.11", new { kind = "jam", hostName = "Host" });
            if (response.StatusCode == HttpStatusCode.Created) created++;
            else await AssertRateLimitedAsync(response);
        }

        Assert.Equal(Creates, created);
    }

    [Fact]
    public async Task FailedLookups_OnTwoNodes_CountTogether_ThenAValidCodeIsRefusedOnBoth()
    {
        using var made = await SendAsync(HttpMethod.Post, nodes.A, "/api/sessions", "203.0.113.12", new { kind = "jam", hostName = "Host" });
        var code = (await made.Content.ReadFromJsonAsync<JsonElement>()).Str("code");
        const string guesser = "203.0.113.13";

        // Alternating nodes: each node learns the other's failures with its own next one, so at most
        // one failure per extra node gets past the limit (per-node counting would admit 2 × 4).
        var failed = 0;
        for (var i = 0; i < 4 * FailedLookups; i++)
        {
            using var response = await SendAsync(HttpMethod.Get, nodes.Node(i), "/api/sessions/ZZZZZZ", guesser);
            if (response.StatusCode == HttpStatusCode.NotFound) failed++;
            else await AssertRateLimitedAsync(response);
        }

        Assert.InRange(failed, FailedLookups, FailedLookups + 1);
        foreach (var node in new[] { nodes.A, nodes.B })
        {
            using var valid = await SendAsync(HttpMethod.Get, node, $"/api/sessions/{code}", guesser);
            await AssertRateLimitedAsync(valid);
        }
    }

    [Fact]
    public async Task ConnectionCap_CountsTheAddressesConnectionsOnBothNodes_AndFreesASlotWhenOneCloses()
    {
        var source = IPAddress.Parse("127.0.0.23");
        await using var onA = await TestClient.ConnectAsync(Nodes.Hub(nodes.A), source: source);
        await using var onB = await TestClient.ConnectAsync(Nodes.Hub(nodes.B), source: source);
        await onA.Send("Ping");
        await onB.Send("Ping");

        // The third connection of the address is one too many, on either node.
        await using var refused = await TestClient.ConnectAsync(Nodes.Hub(nodes.A), source: source);
        var error = await refused.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("too_many_connections", TestClient.ErrorCode(error!.Message));

        // Closing one on A frees its slot for a connection on B.
        await onA.DisposeAsync();
        await using var again = await WaitForConnectionAsync(Nodes.Hub(nodes.B), source);
        await again.Send("Ping");
    }

    /// <summary>
    /// The slot frees when node A has run its disconnect (after the client's close returned): try
    /// again until a connection stays open, each failed try a clear refusal.
    /// </summary>
    private static async Task<TestClient> WaitForConnectionAsync(Uri hub, IPAddress source)
    {
        for (var attempt = 0; ; attempt++)
        {
            var client = await TestClient.ConnectAsync(hub, source: source);
            try
            {
                await client.Send("Ping");
                return client;
            }
            catch (Exception) when (attempt < 50)
            {
                var error = await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
                Assert.Equal("too_many_connections", TestClient.ErrorCode(error!.Message));
                await client.DisposeAsync();
            }
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri node, string path, string clientIp, object? body = null)
    {
        using var http = new HttpClient { BaseAddress = node };
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        // The nodes trust loopback proxies (the default), so this is the client's address to them.
        request.Headers.Add("X-Forwarded-For", clientIp);
        return await http.SendAsync(request);
    }

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("rate_limited", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
        Assert.NotNull(response.Headers.RetryAfter);
    }

    /// <summary>The two nodes, started once for the class and stopped (with their data) at its end.</summary>
    public class Nodes : IAsyncLifetime
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huddle-limits-");
        private readonly List<ServerProcess> _nodes = [];
        private string? _database;

        public Uri A => _nodes[0].BaseUri;

        public Uri B => _nodes[1].BaseUri;

        public Uri Node(int i) => i % 2 == 0 ? A : B;

        public static Uri Hub(Uri node) => new(node, "/hubs/session");

        public async Task InitializeAsync()
        {
            _database = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync();
            var env = new Dictionary<string, string>
            {
                ["Storage__Provider"] = "Postgres",
                ["ConnectionStrings__Huddle"] = _database,
                ["Huddle__Engine__HeartbeatInterval"] = "00:00:00.500",
                ["Huddle__RateLimits__ApiRequestsPerMinute"] = ApiRequests.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Huddle__RateLimits__SessionCreatesPerMinute"] = Creates.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Huddle__RateLimits__FailedLookupsPerMinute"] = FailedLookups.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Huddle__RateLimits__MaxConnectionsPerIp"] = ConnectionsPerIp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            foreach (var (key, value) in await BusEnvironmentAsync()) env[key] = value;
            foreach (var id in new[] { "limits-a", "limits-b" })
            {
                _nodes.Add(await ServerProcess.StartAsync(_dir.FullName, ServerProcess.FreePort(), new Dictionary<string, string>(env) { ["Huddle__Engine__NodeId"] = id }));
            }
        }

        public virtual async Task DisposeAsync()
        {
            foreach (var node in _nodes) await node.DisposeAsync();
            if (_database is not null) await (await PostgresCluster.GetAsync()).DropDatabaseAsync(_database);
            _dir.Delete(recursive: true);
        }

        /// <summary>The nodes' bus settings: none here (PostgreSQL's tables count the limits).</summary>
        protected virtual Task<Dictionary<string, string>> BusEnvironmentAsync() => Task.FromResult(new Dictionary<string, string>());
    }
}
