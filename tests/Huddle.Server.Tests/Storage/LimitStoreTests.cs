using Huddle.Server.Tests.Infrastructure;
using Huddle.Storage.Postgres;
using Npgsql;

namespace Huddle.Server.Tests.Storage;

/// <summary>The limits' counters on PostgreSQL, as two nodes (two data sources) see them.</summary>
public sealed class LimitStoreTests : IAsyncLifetime
{
    private NpgsqlDataSource _a = null!;
    private NpgsqlDataSource _b = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync();
        _a = NpgsqlDataSource.Create(_database);
        _b = NpgsqlDataSource.Create(_database);
        await new PostgresMigrator(_a).MigrateAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await (await PostgresCluster.GetAsync()).DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task Windows_HitsOnTwoNodes_CountOneTotal_AndTheWindowEndsAtTheSameInstantForBoth()
    {
        var onA = new PostgresLimitStore(_a, "n_a");
        var onB = new PostgresLimitStore(_b, "n_b");

        var first = await onA.AddAsync("failed:198.51.100.7", 1, now: 1_000, windowMs: 60_000, default);
        var second = await onB.AddAsync("failed:198.51.100.7", 1, now: 30_000, windowMs: 60_000, default);
        var givenBack = await onA.AddAsync("failed:198.51.100.7", -1, now: 40_000, windowMs: 60_000, default);
        var next = await onB.AddAsync("failed:198.51.100.7", 1, now: 61_000, windowMs: 60_000, default);

        Assert.Equal((1, 61_000), (first.Total, first.EndsAt));
        Assert.Equal((2, 61_000), (second.Total, second.EndsAt));
        Assert.Equal(1, givenBack.Total);
        Assert.Equal((1, 121_000), (next.Total, next.EndsAt)); // the window that opened at 1 s ended at 61 s
    }

    [Fact]
    public async Task Gauges_SumTheLiveNodes_AndANodeRestartedUnderItsIdDoesNotInheritItsOldConnections()
    {
        var presence = new PostgresPresenceStore(_a);
        await presence.BeatAsync("n_a", default);
        await presence.BeatAsync("n_b", default);
        var onA = new PostgresLimitStore(_a, "n_a");
        var onB = new PostgresLimitStore(_b, "n_b");

        Assert.Equal(1, await onA.GaugeAsync("n_a", "connections:198.51.100.8", +1, default));
        Assert.Equal(2, await onA.GaugeAsync("n_a", "connections:198.51.100.8", +1, default));
        Assert.Equal(3, await onB.GaugeAsync("n_b", "connections:198.51.100.8", +1, default));
        Assert.Equal(2, await onB.GaugeAsync("n_b", "connections:198.51.100.8", -1, default));

        // n_a killed and started again with the same id: its two old connections are gone with it.
        var restarted = new PostgresLimitStore(_a, "n_a");
        Assert.Equal(1, await restarted.GaugeAsync("n_a", "connections:198.51.100.8", +1, default));
        Assert.Equal(2, await onB.GaugeAsync("n_b", "connections:198.51.100.8", +1, default));

        // A node whose heartbeat row is gone no longer counts for the others.
        await presence.ExpireNodesAsync(TimeSpan.MaxValue, "n_a", default);
        Assert.Equal(1, await onB.GaugeAsync("n_b", "connections:198.51.100.8", 0, default));
    }
}
