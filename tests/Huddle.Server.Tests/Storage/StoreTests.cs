using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Server.Tests.Infrastructure;
using Huddle.Storage;
using Huddle.Storage.Coaching;
using Huddle.Storage.Postgres;
using Huddle.Storage.Sqlite;
using Npgsql;

namespace Huddle.Server.Tests.Storage;

/// <summary>What every session store promises the engine, checked on SQLite and on a real PostgreSQL server.</summary>
public abstract class StoreTests : IAsyncLifetime
{
    private static readonly HuddleLimits Limits = new();

    protected ISessionStore Store { get; set; } = null!;

    protected IMigrator Migrator { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task Create_ThenLoad_ReturnsTheFirstCommit()
    {
        var (id, _) = await CreateAsync();

        var commits = await Store.LoadAsync(id, 0, default);

        var first = Assert.Single(commits!);
        Assert.Equal(1, first.Version);
        Assert.IsType<SessionCreated>(first.Events[0]);
    }

    [Fact]
    public async Task Load_AfterAVersion_ReturnsOnlyLaterCommitsInOrder()
    {
        var (id, _) = await CreateAsync();
        for (var v = 2; v <= 5; v++) await Store.AppendAsync(id, Presence(v), default);

        var commits = await Store.LoadAsync(id, 3, default);

        Assert.NotNull(commits);
        Assert.Equal([4L, 5L], commits.Select(c => c.Version));
        Assert.Equal(Presence(5).Events, commits[1].Events);
    }

    [Fact]
    public async Task Load_UnknownSession_ReturnsNull()
    {
        Assert.Null(await Store.LoadAsync(Guid.NewGuid(), 0, default));
    }

    [Fact]
    public async Task Append_AVersionAlreadyCommitted_ConflictsAndChangesNothing()
    {
        var (id, _) = await CreateAsync();
        await Store.AppendAsync(id, Presence(2), default);

        await Assert.ThrowsAsync<VersionConflictException>(() => Store.AppendAsync(id, Presence(2, at: 999), default));

        var commits = await Store.LoadAsync(id, 0, default);
        Assert.Equal(2, commits!.Count);
        Assert.Equal(2, commits[1].At);
    }

    [Fact]
    public async Task Append_SkippingAVersion_Conflicts()
    {
        var (id, _) = await CreateAsync();

        await Assert.ThrowsAsync<VersionConflictException>(() => Store.AppendAsync(id, Presence(3), default));
    }

    [Fact]
    public async Task Append_ManyWritersOfOneVersion_ExactlyOneWins()
    {
        var (id, _) = await CreateAsync();

        var attempts = Enumerable.Range(0, 16).Select(async i =>
        {
            try
            {
                await Store.AppendAsync(id, Presence(2, at: 100 + i), default);
                return true;
            }
            catch (VersionConflictException)
            {
                return false;
            }
        });
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r);
        Assert.Equal(2, (await Store.LoadAsync(id, 0, default))!.Count);
    }

    [Fact]
    public async Task Append_ManySessionsAtOnce_EachCommitsOnItsOwn_AndAStaleOneFailsAlone()
    {
        // Appends that arrive together share a transaction (group commit): a conflict in one of them
        // must neither fail nor undo the others.
        var sessions = new List<Guid>();
        for (var i = 0; i < 12; i++) sessions.Add((await CreateAsync()).Id);
        var stale = sessions[5];
        await Store.AppendAsync(stale, Presence(2), default);

        var appends = sessions.Select(id => Store.AppendAsync(id, Presence(2, at: 500), default)).ToArray();
        var outcome = await Task.WhenAll(appends.Select(async a =>
        {
            try
            {
                await a;
                return true;
            }
            catch (VersionConflictException)
            {
                return false;
            }
        }));

        Assert.Equal(sessions.Select(id => id != stale), outcome);
        foreach (var id in sessions)
        {
            var commits = (await Store.LoadAsync(id, 0, default))!;
            Assert.Equal([1L, 2L], commits.Select(c => c.Version));
            Assert.Equal(id == stale ? 2 : 500, commits[1].At);
        }
    }

    [Fact]
    public async Task Create_CodeOfAnActiveSession_IsADuplicate_ButAnEndedOnesCodeMayBeReused()
    {
        var (first, code) = await CreateAsync();
        await Assert.ThrowsAsync<DuplicateCodeException>(() => CreateAsync(code));

        await Store.AppendAsync(first, new Commit(2, 50, [new SessionEnded("host_ended", 50)]), default);
        var (second, _) = await CreateAsync(code);

        Assert.Equal(second, await Store.FindByCodeAsync(code, 0, default));
    }

    [Fact]
    public async Task FindByCode_EndedSession_FoundOnlyWithinRetention()
    {
        var (id, code) = await CreateAsync();
        await Store.AppendAsync(id, new Commit(2, 5_000, [new SessionEnded("host_ended", 5_000)]), default);

        Assert.Equal(id, await Store.FindByCodeAsync(code, 4_999, default));
        Assert.Null(await Store.FindByCodeAsync(code, 5_000, default));
        Assert.Null(await Store.FindByCodeAsync("ZZZZZZ", 0, default));
    }

    [Fact]
    public async Task FindInactive_AndPurgeEnded_SeeOnlyWhatTheyShould()
    {
        var (idle, _) = await CreateAsync(at: 10);
        var (busy, _) = await CreateAsync(at: 10);
        await Store.AppendAsync(busy, Presence(2, at: 1_000), default);
        var (ended, _) = await CreateAsync(at: 10);
        await Store.AppendAsync(ended, new Commit(2, 20, [new SessionEnded("host_ended", 20)]), default);

        var inactive = await Store.FindInactiveAsync(500, default);
        var purged = await Store.PurgeEndedAsync(100, default);

        Assert.Contains(idle, inactive);
        Assert.DoesNotContain(busy, inactive);
        Assert.DoesNotContain(ended, inactive);
        Assert.Equal(1, purged);
        Assert.Null(await Store.LoadAsync(ended, 0, default));
        Assert.NotNull(await Store.LoadAsync(idle, 0, default));
    }

    [Fact]
    public async Task Migrate_AgainOnAnUpToDateDatabase_ChangesNothing()
    {
        var (id, _) = await CreateAsync();

        await Migrator.MigrateAsync(default);

        Assert.Single((await Store.LoadAsync(id, 0, default))!);
        Assert.True(await Store.PingAsync(default));
    }

    protected async Task<(Guid Id, string Code)> CreateAsync(string? code = null, long at = 1)
    {
        var id = Guid.NewGuid();
        code ??= Secrets.NewCode();
        var events = Session.Create(id, code, SessionKind.Jam, "Night", SessionSettings.Defaults(Limits), "p_host", "Host", "hash", at);
        await Store.CreateAsync(id, code, SessionKind.Jam, "Night", new Commit(1, at, events), default);
        return (id, code);
    }

    protected static Commit Presence(long version, long? at = null) =>
        new(version, at ?? version, [new PresenceChanged("p_host", version % 2 == 0, at ?? version)]);
}

public sealed class SqliteStoreTests : StoreTests
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huddle-store-");

    public override async Task InitializeAsync()
    {
        var sqlite = new SqliteSessionStore($"Data Source={Path.Combine(_dir.FullName, "h.db")}");
        await sqlite.MigrateAsync(default);
        Store = sqlite;
        Migrator = sqlite;
    }

    public override Task DisposeAsync()
    {
        ((IDisposable)Store).Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class PostgresStoreTests : StoreTests
{
    private NpgsqlDataSource _db = null!;
    private string _connectionString = "";

    public override async Task InitializeAsync()
    {
        _connectionString = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync();
        _db = NpgsqlDataSource.Create(_connectionString);
        Migrator = new PostgresMigrator(_db);
        await Migrator.MigrateAsync(default);
        Store = new PostgresSessionStore(_db, "n_test");
    }

    public override async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Migrate_TwoNodesStartingTogether_ApplyEachMigrationOnce()
    {
        var fresh = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync();
        await using var a = NpgsqlDataSource.Create(fresh);
        await using var b = NpgsqlDataSource.Create(fresh);

        await Task.WhenAll(new PostgresMigrator(a).MigrateAsync(default), new PostgresMigrator(b).MigrateAsync(default));

        await using var cmd = a.CreateCommand("SELECT count(*), count(DISTINCT version) FROM schema_migrations");
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(reader.GetInt64(0) >= 2);
        Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
    }

    [Fact]
    public async Task Append_TwoNodesBatchingTheSameSessions_NeitherDeadlocksNorLosesACommit()
    {
        // Each node's batch locks several sessions' header rows in one transaction. Both nodes keep
        // writing to the same sessions, so without one lock order they would deadlock (40P01).
        await using var otherDb = NpgsqlDataSource.Create(_connectionString);
        var stores = new ISessionStore[] { Store, new PostgresSessionStore(otherDb, "n_other") };
        var sessions = new List<Guid>();
        for (var i = 0; i < 8; i++) sessions.Add((await CreateAsync()).Id);

        async Task WriteAsync(Guid id, int node)
        {
            for (var tries = 0; tries < 400; tries++)
            {
                var version = (await stores[node].LoadAsync(id, 0, default))!.Count + 1;
                if (version > 21) return;
                try
                {
                    await stores[node].AppendAsync(id, Presence(version), default);
                }
                catch (VersionConflictException)
                {
                    // the other node took this version: read again
                }
            }
        }

        await Task.WhenAll(sessions.SelectMany(id => new[] { WriteAsync(id, 0), WriteAsync(id, 1) }));

        foreach (var id in sessions)
            Assert.Equal(Enumerable.Range(1, 21).Select(v => (long)v), (await Store.LoadAsync(id, 0, default))!.Select(c => c.Version));
    }

    [Fact]
    public async Task Append_LosingARace_ReturnsTheMissedCommitsInTheSameRoundTrip()
    {
        var (id, _) = await CreateAsync();
        await Store.AppendAsync(id, Presence(2), default);
        await Store.AppendAsync(id, Presence(3), default);

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => Store.AppendAsync(id, Presence(2, at: 999), default));

        Assert.Equal([2L, 3L], conflict.Missed.Select(c => c.Version));
        Assert.Equal(Presence(3).Events, conflict.Missed[1].Events);
        Assert.Equal(3, (await Store.LoadAsync(id, 0, default))!.Count);
    }

    [Fact]
    public async Task Presence_ConnectionsOnAnyNodeCount_UntilDisconnected()
    {
        var presence = new PostgresPresenceStore(_db);
        var (id, _) = await CreateAsync();
        await presence.BeatAsync("n_a", default);
        await presence.BeatAsync("n_b", default);

        await presence.ConnectAsync("n_a", "c1", id, "p_1", 1, default);
        await presence.ConnectAsync("n_b", "c2", id, "p_2", 1, default);
        await presence.ConnectAsync("n_b", "c3", id, "p_2", 1, default);
        await presence.DisconnectAsync("c2", default);

        Assert.Equal(["p_1", "p_2"], (await presence.ConnectedAsync(id, default)).Order());
        await presence.DisconnectAsync("c3", default);
        Assert.Equal(["p_1"], await presence.ConnectedAsync(id, default));
    }

    [Fact]
    public async Task ExpireNodes_SilentNode_LosesItsConnectionsAndReportsTheirSessions()
    {
        var presence = new PostgresPresenceStore(_db);
        var (id, _) = await CreateAsync();
        var (other, _) = await CreateAsync();
        Assert.False(await presence.BeatAsync("n_dead", default));
        await presence.ConnectAsync("n_dead", "c1", id, "p_1", 1, default);
        await Task.Delay(300);
        Assert.False(await presence.BeatAsync("n_alive", default));
        await presence.ConnectAsync("n_alive", "c2", other, "p_2", 1, default);

        var affected = await presence.ExpireNodesAsync(TimeSpan.FromMilliseconds(200), null, default);

        Assert.Equal([id], affected);
        Assert.Empty(await presence.ConnectedAsync(id, default));
        Assert.Equal(["p_2"], await presence.ConnectedAsync(other, default));
        Assert.False(await presence.BeatAsync("n_dead", default)); // it learns it was declared dead
        Assert.True(await presence.BeatAsync("n_alive", default));
    }

    [Fact]
    public async Task ExpireNodes_Goodbye_RemovesOnlyThatNode()
    {
        var presence = new PostgresPresenceStore(_db);
        var (id, _) = await CreateAsync();
        await presence.BeatAsync("n_a", default);
        await presence.BeatAsync("n_b", default);
        await presence.ConnectAsync("n_a", "c1", id, "p_1", 1, default);
        await presence.ConnectAsync("n_b", "c2", id, "p_2", 1, default);

        Assert.Equal([id], await presence.ExpireNodesAsync(TimeSpan.MaxValue, "n_a", default));
        Assert.Equal(["p_2"], await presence.ConnectedAsync(id, default));
    }

    [Fact]
    public async Task Notices_OtherNodesCommitsAreHeard_OwnAreNot_AndAReconnectReportsMissed()
    {
        var (id, _) = await CreateAsync();
        await using var otherDb = NpgsqlDataSource.Create(_connectionString);
        var otherNode = new PostgresSessionStore(otherDb, "n_other");
        var notices = new PostgresCommitNotices(_db, "n_test", Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresCommitNotices>.Instance);
        var heard = System.Threading.Channels.Channel.CreateUnbounded<CommitNotice>();
        var missed = System.Threading.Channels.Channel.CreateUnbounded<bool>();
        using var stop = new CancellationTokenSource();
        var listening = notices.ListenAsync(n => heard.Writer.TryWrite(n), () => Task.FromResult(missed.Writer.TryWrite(true)), stop.Token);
        await missed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(notices.Listening);

        await Store.AppendAsync(id, Presence(2), default);       // this node: not heard
        await otherNode.AppendAsync(id, Presence(3), default);   // another node: heard, with the commit itself
        var notice = await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((id, 3L), (notice.Session, notice.Version));
        Assert.Equal(Presence(3).At, notice.Commit!.At);
        Assert.Equal(Presence(3).Events, notice.Commit.Events);

        // Too big for a notice: the version alone, and the commit is stored whole.
        var big = new Commit(4, 4, [.. Enumerable.Range(0, 200).Select(i => new PresenceChanged($"p_{i:D40}", true, i))]);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(SessionEventJson.Serialize(big.Events)) > PostgresSessionStore.MaxNoticeBytes);
        await otherNode.AppendAsync(id, big, default);
        Assert.Equal(new CommitNotice(id, 4), await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(big.Events, (await Store.LoadAsync(id, 3, default))!.Single().Events);

        await using (var kill = _db.CreateCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' OR query = 'SELECT 1' AND pid <> pg_backend_pid()"))
            await kill.ExecuteNonQueryAsync();
        await missed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        await otherNode.AppendAsync(id, Presence(5), default);
        Assert.Equal(5L, (await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Version);

        await stop.CancelAsync();
        await listening;
        Assert.False(notices.Listening);
        Assert.False(heard.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Notices_OneListeningConnection_HearsOtherNodesCommitsAndCoachingNotices_NotItsOwn()
    {
        var (id, _) = await CreateAsync();
        await using var otherDb = NpgsqlDataSource.Create(_connectionString);
        var otherNode = new PostgresSessionStore(otherDb, "n_other");
        var otherRelay = new PostgresCoachingRelay(otherDb, "n_other");
        var relay = new PostgresCoachingRelay(_db, "n_test");
        var notices = new PostgresCommitNotices(_db, "n_test", Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresCommitNotices>.Instance, relay);
        var heard = System.Threading.Channels.Channel.CreateUnbounded<CommitNotice>();
        var connected = System.Threading.Channels.Channel.CreateUnbounded<bool>();
        using var stop = new CancellationTokenSource();
        var listening = notices.ListenAsync(n => heard.Writer.TryWrite(n), () => Task.FromResult(connected.Writer.TryWrite(true)), stop.Token);
        await connected.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await using var coaching = relay.ReceiveAllAsync(stop.Token).GetAsyncEnumerator();

        var coach = Guid.NewGuid();
        var booking = Guid.NewGuid();
        await relay.SendAsync(new CoachingNotice(CoachingChange.Availability, Guid.NewGuid()), default); // this node's own: not heard
        await otherRelay.SendAsync(new CoachingNotice(CoachingChange.Availability, coach), default);
        await otherNode.AppendAsync(id, Presence(2), default);
        await otherRelay.SendAsync(new CoachingNotice(CoachingChange.Booking, booking), default);

        Assert.True(await coaching.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(new CoachingNotice(CoachingChange.Availability, coach), coaching.Current);
        Assert.Equal((id, 2L), await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)) is var n ? (n.Session, n.Version) : default);
        Assert.True(await coaching.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(new CoachingNotice(CoachingChange.Booking, booking), coaching.Current);

        // One connection listens on both channels: no second LISTEN loop per node.
        await using (var count = _db.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'"))
            Assert.Equal(1L, await count.ExecuteScalarAsync());

        await stop.CancelAsync();
        await listening;
        Assert.False(heard.Reader.TryRead(out _));
    }
}

/// <summary>Reading a notice's payload: what a node keeps, drops, or falls back to reading.</summary>
public sealed class CommitNoticeParseTests
{
    private static readonly Guid Id = Guid.Parse("6f1c1a52-3b7e-4c43-9a0e-5d2a7f6b8c01");

    [Fact]
    public void AFullNotice_CarriesItsCommit()
    {
        var events = SessionEventJson.Serialize([new VoteCast("i_1", "p_1", 1)]);

        var notice = PostgresCommitNotices.Parse($"n_a {Id} 7 1234 {events}", "n_b")!;

        Assert.Equal((Id, 7L, 7L, 1234L), (notice.Session, notice.Version, notice.Commit!.Version, notice.Commit.At));
        Assert.Equal([new VoteCast("i_1", "p_1", 1)], notice.Commit.Events);
    }

    [Fact]
    public void AShortNotice_OrOneWhoseCommitDoesNotParse_KeepsTheVersionSoTheNodeReadsIt()
    {
        Assert.Equal(new CommitNotice(Id, 7), PostgresCommitNotices.Parse($"n_a {Id} 7", "n_b"));
        Assert.Equal(new CommitNotice(Id, 7), PostgresCommitNotices.Parse($"n_a {Id} 7 1234 [{{\"type\":\"nope\"}}]", "n_b"));
        Assert.Equal(new CommitNotice(Id, 7), PostgresCommitNotices.Parse($"n_a {Id} 7 1234 not json", "n_b"));
        Assert.Equal(new CommitNotice(Id, 7), PostgresCommitNotices.Parse($"n_a {Id} 7 soon []", "n_b"));
    }

    [Theory]
    [InlineData("n_b 6f1c1a52-3b7e-4c43-9a0e-5d2a7f6b8c01 7")]      // this node's own commit
    [InlineData("n_a not-a-guid 7")]
    [InlineData("n_a 6f1c1a52-3b7e-4c43-9a0e-5d2a7f6b8c01 -7")]
    [InlineData("n_a 6f1c1a52-3b7e-4c43-9a0e-5d2a7f6b8c01")]
    [InlineData("n_a 6f1c1a52-3b7e-4c43-9a0e-5d2a7f6b8c01 7 1234")]
    [InlineData("")]
    public void ANoticeThatIsOwnOrUnreadable_IsIgnored(string payload) =>
        Assert.Null(PostgresCommitNotices.Parse(payload, "n_b"));
}
