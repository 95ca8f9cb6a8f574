using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Operations;

/// <summary>SIGTERM on a single SQLite node, as a service manager restarts it: users notice only a reconnect.</summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huddle-term-");
    private readonly List<IAsyncDisposable> _disposables = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_disposables)) await d.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Sigterm_WithMutationsInFlight_TellsClientsToReconnect_KeepsEveryAcknowledgedMutation_AndExitsZero()
    {
        var port = ServerProcess.FreePort();
        var server = await StartAsync(port);
        var hub = new Uri(server.BaseUri, "/hubs/session");
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var created = await (await http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "Host", settings = new { maxQueueSize = 50 } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var code = created.Str("code");
        var host = await ConnectAsync(hub);
        await host.JoinAsync(code, null, created.Str("participantToken"));
        var guest = await ConnectAsync(hub);
        await guest.JoinAsync(code, "Guest");

        // 40 adds in flight from two clients while the signal arrives.
        var adds = Enumerable.Range(0, 40)
            .Select(i => (i % 2 == 0 ? host : guest).Call("AddToQueue", new { catalogId = $"s{200 + i:0000}" }))
            .ToList();
        await Task.Delay(15);
        var clock = Stopwatch.StartNew();
        var exit = server.TerminateAsync();

        await host.WaitFor("reconnect", e => e.Str("reason") == "server_restarting");
        await guest.WaitFor("reconnect", e => e.Str("reason") == "server_restarting");
        Assert.Equal(0, await exit.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Took {clock.Elapsed} to exit.");

        var acknowledged = new List<string>();
        foreach (var add in adds)
        {
            try
            {
                acknowledged.Add((await add).Str("itemId"));
            }
            catch (Exception e) when (e is Microsoft.AspNetCore.SignalR.HubException or IOException or OperationCanceledException or InvalidOperationException)
            {
                // Not acknowledged: the client may retry it after reconnecting.
            }
        }

        Assert.NotEmpty(acknowledged);

        server = await StartAsync(port);
        var again = await ConnectAsync(hub);
        var snapshot = await again.JoinAsync(code, null, host.Token);
        Assert.Equal("host", snapshot.GetProperty("you").Str("role"));
        var queue = snapshot.GetProperty("queue").ItemIds();
        Assert.All(acknowledged, itemId => Assert.Contains(itemId, queue));
    }

    private async Task<ServerProcess> StartAsync(int port)
    {
        var server = await ServerProcess.StartAsync(_dir.FullName, port, new Dictionary<string, string> { ["Huddle__RateLimits__HubInvocationBurst"] = "1000" });
        _disposables.Add(server);
        return server;
    }

    private async Task<TestClient> ConnectAsync(Uri hub)
    {
        var client = await TestClient.ConnectAsync(hub);
        _disposables.Add(client);
        return client;
    }
}
