using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Core.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.Infrastructure;

/// <summary>
/// A real Huddle (Kestrel on a loopback port, the real hub, a real SQLite file in a temp
/// folder, or a fresh database on the test PostgreSQL server when HUDDLE_TEST_STORAGE=postgres),
/// started in-process per test so every test owns its data.
/// </summary>
public sealed class HuddleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _dir;
    private readonly List<TestClient> _clients = [];
    private readonly string? _database;

    private HuddleServer(WebApplication app, DirectoryInfo dir, HttpClient http, string? database)
    {
        _app = app;
        _dir = dir;
        _database = database;
        Http = http;
    }

    /// <summary>The JWT key of every test server (they run as Production, which requires one).</summary>
    public const string TestSigningKey = "huddle-tests-signing-key-0123456789-abcdefghijklmnop";

    /// <summary>The host names test servers accept (AllowedHosts), so they may build links from the request.</summary>
    public const string TestHosts = "127.0.0.1;localhost";

    public HttpClient Http { get; }

    public Uri BaseUri => Http.BaseAddress!;

    public IServiceProvider Services => _app.Services;

    public static async Task<HuddleServer> StartAsync(
        IDictionary<string, string?>? settings = null, TimeProvider? time = null, Action<WebApplicationBuilder>? configure = null)
    {
        var dir = Directory.CreateTempSubdirectory("huddle-test-");
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Huddle"] = $"Data Source={Path.Combine(dir.FullName, "huddle.db")}",
            ["Huddle:RateLimits:SessionCreatesPerMinute"] = "1000",
            ["Huddle:RateLimits:HubInvocationsPerSecond"] = "1000",
            ["Huddle:RateLimits:HubInvocationBurst"] = "1000",
            ["Huddle:RateLimits:MaxConnectionsPerIp"] = "100000",
            ["Huddle:RateLimits:IpHubInvocationsPerSecond"] = "100000",
            ["Huddle:RateLimits:IpHubInvocationBurst"] = "100000",
            ["Huddle:RateLimits:SessionCommitsPerSecond"] = "100000",
            ["Huddle:RateLimits:SessionCommitBurst"] = "100000",
            ["Huddle:Engine:TickInterval"] = "00:00:00.050",
            // Tests that move the fake clock past a session's end must not race the overdue sweep;
            // the tests of the sweep turn it on (CoachingOverdueTests).
            ["Coaching:OverdueSweepInterval"] = "00:00:00",
            ["Jwt:SigningKey"] = TestSigningKey,
            // Tests never index the machine's own ~/Music; MusicFolderTests turn it on explicitly.
            ["Huddle:Music:UseDefaultFolder"] = "false",
            // Production refuses links built from an unchecked Host header; the tests' clients use these names.
            ["AllowedHosts"] = TestHosts,
        };
        string? database = null;
        if (PostgresCluster.Requested)
        {
            config["Storage:Provider"] = "Postgres";
            config["ConnectionStrings:Huddle"] = database = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync();
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) config[key] = value;

        WebApplication? app = null;
        try
        {
            app = HuddleApp.Build([], builder =>
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Configuration.AddInMemoryCollection(config);
                builder.Logging.ClearProviders();
                if (time is not null) builder.Services.AddSingleton(time);
                configure?.Invoke(builder);
            });
            await app.PrepareAsync();
            await app.StartAsync();
            var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            return new HuddleServer(app, dir, http, database);
        }
        catch
        {
            // A server that refused to start (tests of bad settings expect that) leaves nothing behind either.
            // Its services go first: a built app's meters stay published until then, and an exporter in
            // another test of this process (OTLP subscribes to the "Huddle" meter by name) would call their
            // gauges, which open the database and so make its folder again after the delete below.
            if (app is not null) await app.DisposeAsync();
            if (database is not null) await (await PostgresCluster.GetAsync()).DropDatabaseAsync(database);
            dir.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Creates a session over REST; returns (code, host token, host participant id).</summary>
    public async Task<CreatedSession> CreateSessionAsync(string kind = "jam", string hostName = "Host", object? settings = null)
    {
        var response = await Http.PostAsJsonAsync("/api/sessions", new { kind, hostName, title = "Test night", settings });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new CreatedSession(
            body.GetProperty("code").GetString()!,
            body.GetProperty("participantToken").GetString()!,
            body.GetProperty("participantId").GetString()!);
    }

    /// <param name="source">Connect from this local address (another client IP), e.g. 127.0.0.2.</param>
    public async Task<TestClient> ConnectAsync(System.Net.IPAddress? source) => await ConnectAsync(HttpTransportType.None, source);

    public async Task<TestClient> ConnectAsync(HttpTransportType transports = HttpTransportType.None, System.Net.IPAddress? source = null)
    {
        var client = await TestClient.ConnectAsync(new Uri(BaseUri, "/hubs/session"), transports, source);
        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// Runs the engine's due work (ticker, then sweep) at the clock's current time and returns when
    /// it is done: with a fake clock, the awaited signal that lets a test say "by now, nothing happened".
    /// The background services may run the same work too; it is decided under each session's gate, so
    /// a second run finds nothing left to do.
    /// </summary>
    public async Task RunDueWorkAsync()
    {
        var sessions = Services.GetRequiredService<SessionService>();
        await sessions.TickAsync(CancellationToken.None);
        await sessions.SweepAsync(CancellationToken.None);
    }

    /// <summary>Creates a jam and connects the host; returns the host's client.</summary>
    public async Task<(CreatedSession Session, TestClient Host)> CreateAndJoinAsync(string kind = "jam", object? settings = null)
    {
        var session = await CreateSessionAsync(kind, settings: settings);
        var host = await ConnectAsync();
        await host.JoinAsync(session.Code, null, session.HostToken);
        return (session, host);
    }

    public async Task<TestClient> JoinAsync(string code, string name)
    {
        var client = await ConnectAsync();
        await client.JoinAsync(code, name);
        return client;
    }

    /// <summary>Stops the server as a crash would leave it for the next one: its data stays (until DisposeAsync).</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) await client.DisposeAsync();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_database is not null) await (await PostgresCluster.GetAsync()).DropDatabaseAsync(_database);
        _dir.Delete(recursive: true);
    }
}

public sealed record CreatedSession(string Code, string HostToken, string HostId);
