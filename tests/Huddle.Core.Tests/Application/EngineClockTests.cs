using Huddle.Core.Application;
using Huddle.Core.Catalog;
using Huddle.Core.Sessions;

namespace Huddle.Core.Tests.Application;

/// <summary>
/// How <c>now</c> flows: the engine reads the clock once per decision, hands that instant to the
/// command and records it on the commit. The clock here moves on every read, so any second read
/// (a door's, or the commit's own) would show as a different time.
/// </summary>
public sealed class EngineClockTests : IDisposable
{
    private readonly TickingClock _clock = new();
    private readonly MemoryStore _store = new();
    private readonly SessionService _sessions;

    public EngineClockTests() =>
        _sessions = new SessionService(
            _store, new MemoryPresence(), new NoPublisher(), new SongCatalog(Array.Empty<Song>()), new HuddleLimits(), new EngineOptions(), _clock);

    public void Dispose() => _sessions.Dispose();

    [Fact]
    public async Task Create_TheSessionsEventsAndItsFirstCommit_ShareOneInstant()
    {
        var created = await _sessions.CreateAsync(SessionKind.Jam, "Hana", "Jam", null, (s, _, _, now) => (s.CreatedAt, now), default);

        var first = Assert.Single(_store.Commits);
        Assert.Equal(first.At, Assert.IsType<SessionCreated>(first.Events[0]).At);
        Assert.Equal((first.At, first.At), created.View);
    }

    [Fact]
    public async Task Mutate_TheCommandsInstant_IsTheCommitsInstant()
    {
        var created = await _sessions.CreateAsync(SessionKind.Jam, "Hana", "Jam", null, (_, _, _, _) => 0, default);
        var decidedAt = 0L;

        await _sessions.MutateAsync(
            created.SessionId,
            (s, now) =>
            {
                decidedAt = now;
                return s.End(created.ParticipantId, "ended_by_host", now);
            },
            default);

        var commit = _store.Commits[^1];
        Assert.Equal(decidedAt, commit.At);
        Assert.Equal(decidedAt, Assert.IsType<SessionEnded>(Assert.Single(commit.Events)).At);
    }

    [Fact]
    public async Task Mutate_AfterALostVersionRace_DecidesAgainAtAFreshInstant_AndCommitsThatOne()
    {
        var created = await _sessions.CreateAsync(SessionKind.Jam, "Hana", "Jam", null, (_, _, _, _) => 0, default);
        List<long> decisions = [];
        _store.ConflictsLeft = 1;

        await _sessions.MutateAsync(
            created.SessionId,
            (s, now) =>
            {
                decisions.Add(now);
                return s.End(created.ParticipantId, "ended_by_host", now);
            },
            default);

        Assert.Equal(2, decisions.Count);
        Assert.True(decisions[1] > decisions[0]);
        var commit = _store.Commits[^1];
        Assert.Equal(decisions[1], commit.At);
        Assert.Equal(decisions[1], Assert.IsType<SessionEnded>(Assert.Single(commit.Events)).At);
    }

    /// <summary>A clock that moves one millisecond every time it is read.</summary>
    private sealed class TickingClock : TimeProvider
    {
        private long _ms = 1_700_000_000_000;

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Increment(ref _ms));
    }

    private sealed class MemoryStore : ISessionStore
    {
        public List<Commit> Commits { get; } = [];

        /// <summary>How many appends still lose a version race (to nobody: nothing is missed).</summary>
        public int ConflictsLeft { get; set; }

        public Task CreateAsync(Guid id, string code, SessionKind kind, string title, Commit first, CancellationToken ct)
        {
            Commits.Add(first);
            return Task.CompletedTask;
        }

        public Task AppendAsync(Guid id, Commit commit, CancellationToken ct)
        {
            if (ConflictsLeft > 0)
            {
                ConflictsLeft--;
                throw new VersionConflictException();
            }

            Commits.Add(commit);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<Commit>?> LoadAsync(Guid id, long afterVersion, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<Commit>?>(Commits.Where(c => c.Version > afterVersion).ToList());

        public Task<Guid?> FindByCodeAsync(string code, long endedAfter, CancellationToken ct) => Task.FromResult<Guid?>(null);

        public Task<IReadOnlyList<Guid>> FindInactiveAsync(long before, CancellationToken ct) => Task.FromResult<IReadOnlyList<Guid>>([]);

        public Task<int> PurgeEndedAsync(long endedBefore, CancellationToken ct) => Task.FromResult(0);

        public Task<bool> PingAsync(CancellationToken ct) => Task.FromResult(true);
    }

    private sealed class MemoryPresence : IPresenceStore
    {
        public Task<bool> BeatAsync(string nodeId, CancellationToken ct) => Task.FromResult(true);

        public Task ConnectAsync(string nodeId, string connectionId, Guid sessionId, string participantId, long now, CancellationToken ct) =>
            Task.CompletedTask;

        public Task DisconnectAsync(string connectionId, CancellationToken ct) => Task.CompletedTask;

        public Task<IReadOnlySet<string>> ConnectedAsync(Guid sessionId, CancellationToken ct) =>
            Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());

        public Task<IReadOnlyList<Guid>> ExpireNodesAsync(TimeSpan silence, string? nodeId, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<Guid>>([]);
    }

    private sealed class NoPublisher : ISessionPublisher
    {
        public Task PublishAsync(SessionChange change, CancellationToken ct) => Task.CompletedTask;

        public Task ExpiringAsync(Guid sessionId, long version, long expiresAt, CancellationToken ct) => Task.CompletedTask;
    }
}
