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

        // Every call in flight either completed, or failed cleanly: a coded HubException (never
        // internal_error) or the connection closing under it, which the client retries after reconnecting.
        var acknowledged = new List<string>();
        var refused = new List<string>();
        var cutOff = 0;
        foreach (var add in adds)
        {
            try
            {
                acknowledged.Add((await add).Str("itemId"));
            }
            catch (Microsoft.AspNetCore.SignalR.HubException e)
            {
                var error = TestClient.ErrorCode(e.Message);
                Assert.True(error is not null && error != "internal_error", $"An in-flight call failed without a clean code: {e.Message}");
                refused.Add(error!);
            }
            // The official client fails a pending call with the transport's own error when the socket drops.
            catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
            {
                cutOff++;
            }
        }

        Assert.Equal(adds.Count, acknowledged.Count + refused.Count + cutOff);
        Assert.NotEmpty(acknowledged);
        Assert.Equal(acknowledged.Count, acknowledged.Distinct().Count());

        server = await StartAsync(port);
        var again = await ConnectAsync(hub);
        var snapshot = await again.JoinAsync(code, null, host.Token);
        Assert.Equal("host", snapshot.GetProperty("you").Str("role"));
        var queue = snapshot.GetProperty("queue").ItemIds();
        Assert.All(acknowledged, itemId => Assert.Contains(itemId, queue));

        // Nothing beyond the calls made: at most one item per add, and the refused ones are not there twice.
        Assert.True(queue.Count <= adds.Count, $"{queue.Count} items from {adds.Count} adds");
        Assert.Equal(queue.Count, queue.Distinct().Count());
        var log = await File.ReadAllTextAsync(Directory.GetFiles(_dir.FullName, "server-*.log").Single());
        Assert.Contains("info:", log, StringComparison.Ordinal); // the console format whose error lines start "fail:"
        Assert.DoesNotContain("fail:", log, StringComparison.Ordinal); // no error logged while shutting down
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
