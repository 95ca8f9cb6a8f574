using System.Net;
using Huddle.Server.Tests.Infrastructure;
using Huddle.Server.Tests.Operations;

namespace Huddle.Server.Tests.Hub;

/// <summary>
/// The hub's shared budgets (issue 16 item 3): open connections per client IP, hub calls per client IP,
/// session-changing calls per session. The clock is fake, so no bucket refills behind a test's back.
/// </summary>
public sealed class HubBudgetTests
{
    private static readonly IPAddress OtherIp = IPAddress.Parse("127.0.0.2");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    private Task<HuddleServer> StartAsync(params (string Key, string Value)[] limits) =>
        HuddleServer.StartAsync(limits.ToDictionary(l => "Huddle:RateLimits:" + l.Key, l => (string?)l.Value), _time);

    [Fact]
    public async Task ConnectionCap_RefusesTheConnectionOverTheCap_WithACode_AnotherIpStillGetsIn()
    {
        await using var server = await StartAsync(("MaxConnectionsPerIp", "3"));
        var session = await server.CreateSessionAsync();
        for (var i = 0; i < 3; i++) await server.JoinAsync(session.Code, $"Guest {i}");

        var refused = await server.ConnectAsync();

        var error = await refused.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(error);
        Assert.Equal("too_many_connections", TestClient.ErrorCode(error.Message));
        var other = await server.ConnectAsync(OtherIp);
        await other.JoinAsync(session.Code, "From elsewhere");
        var samples = ObservabilityTests.Parse(await server.Http.GetStringAsync("/metrics"));
        Assert.Equal(1, samples["huddle_ratelimit_rejections_total{limiter=\"connections\"}"]);
        Assert.Equal(4, samples["huddle_connections_open"]);
    }

    [Fact]
    public async Task SessionBudget_ManyConnectionsVotingFast_AreRateLimited_AnotherSessionIsNot()
    {
        await using var server = await StartAsync(("SessionCommitsPerSecond", "1"), ("SessionCommitBurst", "6"));
        var (busy, host) = await server.CreateAndJoinAsync();
        var item = await host.AddAsync("s0001");
        var voters = new List<TestClient>();
        for (var i = 0; i < 5; i++) voters.Add(await server.JoinAsync(busy.Code, $"Voter {i}"));
        foreach (var voter in voters) await voter.Send("Vote", new { itemId = item, value = 1 });

        var message = await voters[0].RejectedAsync("rate_limited", "Vote", new { itemId = item, value = -1 });
        Assert.Contains("(limit: session)", message, StringComparison.Ordinal);
        Assert.Equal(5, (await host.SnapshotAsync()).GetProperty("queue")[0].GetProperty("score").GetInt32());

        // The host can still remove the flooder: moderation is outside the budget.
        await host.Send("Kick", new { participantId = voters[4].ParticipantId });
        var (_, otherHost) = await server.CreateAndJoinAsync();
        await otherHost.AddAsync("s0002");
        _time.Advance(TimeSpan.FromSeconds(1));
        await voters[0].Send("Vote", new { itemId = item, value = -1 });
        var samples = ObservabilityTests.Parse(await server.Http.GetStringAsync("/metrics"));
        Assert.Equal(1, samples["huddle_ratelimit_rejections_total{limiter=\"session\"}"]);
    }

    [Fact]
    public async Task IpBudget_CountsEveryConnectionOfTheAddress_AnotherIpIsNotAffected()
    {
        await using var server = await StartAsync(("IpHubInvocationsPerSecond", "1"), ("IpHubInvocationBurst", "4"));
        var first = await server.ConnectAsync();
        var second = await server.ConnectAsync();
        await first.Send("Ping");
        await first.Send("Ping");
        await second.Send("Ping");
        await second.Send("Ping");

        var message = await second.RejectedAsync("rate_limited", "Ping");
        Assert.Contains("(limit: ip)", message, StringComparison.Ordinal);
        await first.RejectedAsync("rate_limited", "Ping");
        var elsewhere = await server.ConnectAsync(OtherIp);
        await elsewhere.Send("Ping");
        var samples = ObservabilityTests.Parse(await server.Http.GetStringAsync("/metrics"));
        Assert.Equal(2, samples["huddle_ratelimit_rejections_total{limiter=\"ip\"}"]);
    }
}
