using Huddle.Server.Tests.Infrastructure;
using Huddle.Storage;
using Huddle.Storage.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Huddle.Server.Tests.Storage;

/// <summary>The limits' counters on a real redis-server, as two nodes (two buses) see them: PostgresLimitStore's semantics.</summary>
public sealed class RedisLimitStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan NodeExpiry = TimeSpan.FromSeconds(10);
    private readonly List<RedisBus> _buses = [];
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var bus in _buses) await bus.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Windows_HitsOnTwoNodes_CountOneTotal_AndTheWindowEndsAtTheSameInstantForBoth()
    {
        var onA = new RedisLimitStore(Bus("n_a"));
        var onB = new RedisLimitStore(Bus("n_b"));

        var first = await onA.AddAsync("failed:198.51.100.7", 1, now: 1_000, windowMs: 60_000, default);
        var second = await onB.AddAsync("failed:198.51.100.7", 1, now: 30_000, windowMs: 60_000, default);
        var givenBack = await onA.AddAsync("failed:198.51.100.7", -1, now: 40_000, windowMs: 60_000, default);
        var next = await onB.AddAsync("failed:198.51.100.7", 1, now: 61_000, windowMs: 60_000, default);
        var belowZero = await onB.AddAsync("failed:198.51.100.7", -5, now: 62_000, windowMs: 60_000, default);

        Assert.Equal((1, 61_000), (first.Total, first.EndsAt));
        Assert.Equal((2, 61_000), (second.Total, second.EndsAt));
        Assert.Equal(1, givenBack.Total);
        Assert.Equal((1, 121_000), (next.Total, next.EndsAt)); // the window that opened at 1 s ended at 61 s
        Assert.Equal((0, 121_000), (belowZero.Total, belowZero.EndsAt));
    }

    [Fact]
    public async Task Gauges_SumTheLiveNodes_AndANodeRestartedUnderItsIdDoesNotInheritItsOldConnections()
    {
        var a = Bus("n_a");
        var onA = new RedisLimitStore(a);
        var onB = new RedisLimitStore(Bus("n_b"));

        Assert.Equal(1, await onA.GaugeAsync("n_a", "connections:198.51.100.8", +1, default));
        Assert.Equal(2, await onA.GaugeAsync("n_a", "connections:198.51.100.8", +1, default));
        Assert.Equal(3, await onB.GaugeAsync("n_b", "connections:198.51.100.8", +1, default));
        Assert.Equal(2, await onB.GaugeAsync("n_b", "connections:198.51.100.8", -1, default));

        // Each run's share lives while its node key does, which expires with the node expiry.
        var ttl = await a.Database.KeyTimeToLiveAsync(RedisBus.NodeKey(a.NodeMember));
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), NodeExpiry);

        // n_a killed and started again with the same id: its two old connections go when its old run's key does.
        var restarted = new RedisLimitStore(Bus("n_a"));
        Assert.Equal(3, await restarted.GaugeAsync("n_a", "connections:198.51.100.8", +1, default));
        await a.Database.KeyDeleteAsync(RedisBus.NodeKey(a.NodeMember));   // as its expiry would
        Assert.Equal(2, await restarted.GaugeAsync("n_a", "connections:198.51.100.8", +1, default));
        Assert.False(await a.Database.HashExistsAsync("huddle:gauge:connections:198.51.100.8", a.NodeMember));
    }

    [Fact]
    public async Task RedisDown_EachCallFailsAtOnce_SoSharedLimitsCountsAlone()
    {
        var store = new RedisLimitStore(Bus("n_a"));
        await _redis.KillAsync();

        await Assert.ThrowsAnyAsync<RedisException>(() => store.AddAsync("api:198.51.100.9", 1, 1_000, 60_000, default));
        await Assert.ThrowsAnyAsync<RedisException>(() => store.GaugeAsync("n_a", "connections:198.51.100.9", 1, default));
    }

    private RedisBus Bus(string node)
    {
        var bus = new RedisBus(_redis.Configuration, node, new NoCommitNotices(), TimeSpan.FromSeconds(2), NodeExpiry, null, NullLogger<RedisBus>.Instance);
        _buses.Add(bus);
        return bus;
    }
}
