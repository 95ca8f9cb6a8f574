using System.Net;
using Huddle.Server.Tests.Infrastructure;
using Huddle.Server.Tests.Operations;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.Fuzz;

/// <summary>
/// The connection flood of issue 16 (1,500 WebSockets from one IP in 1.4 s), scaled down: many
/// connections opened at once from one address. Exactly the cap gets in, every other one is closed
/// with <c>too_many_connections</c>, nothing is logged as a server error, and a participant on
/// another address keeps working throughout.
/// </summary>
public sealed class ConnectionFloodTests
{
    private const int Cap = 20;
    private const int Flood = 60;

    [Fact]
    public async Task ConnectionFlood_FromOneAddress_GetsTheCap_TheRestAreRefusedWithACode()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await HuddleServer.StartAsync(
            new Dictionary<string, string?> { ["Huddle:RateLimits:MaxConnectionsPerIp"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            configure: b => b.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        var session = await server.CreateSessionAsync();
        var bystander = await server.ConnectAsync(IPAddress.Parse("127.0.0.2"));
        await bystander.JoinAsync(session.Code, "Bystander");

        var clients = await Task.WhenAll(Enumerable.Range(0, Flood).Select(_ => server.ConnectAsync()));
        var outcomes = await Task.WhenAll(clients.Select(OutcomeAsync));

        Assert.Equal(Cap, outcomes.Count(o => o == "accepted"));
        Assert.Equal(Flood - Cap, outcomes.Count(o => o == "too_many_connections"));
        await bystander.Send("Ping");
        Assert.Equal(HubConnectionState.Connected, bystander.Connection.State);
        var samples = ObservabilityTests.Parse(await server.Http.GetStringAsync("/metrics"));
        Assert.Equal(Flood - Cap, samples["huddle_ratelimit_rejections_total{limiter=\"connections\"}"]);
        Assert.Equal(Cap + 1, samples["huddle_connections_open"]);
        var errors = logs.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, $"the server logged errors: {string.Join("\n", errors.Select(e => e.Category + " " + e.Text))}");
    }

    /// <summary>A Ping answered means the connection got past OnConnected; otherwise it was closed, with a code.</summary>
    private static async Task<string> OutcomeAsync(TestClient client)
    {
        try
        {
            await client.Connection.InvokeAsync<long>("Ping");
            return "accepted";
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            var error = await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
            return TestClient.ErrorCode(error?.Message ?? "") ?? $"closed without a code: {error?.Message}";
        }
    }
}
