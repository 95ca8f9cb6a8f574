using System.Data.Common;
using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Server.Tests.Infrastructure;
using Huddle.Storage.Postgres;
using Huddle.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Huddle.Server.Tests.Classroom;

/// <summary>
/// The classroom tables as a projection of the log, and the per-host cap, checked through the store
/// itself on SQLite and on a real PostgreSQL server.
/// </summary>
public abstract class ClassroomStoreTests : IAsyncLifetime
{
    private static readonly HuddleLimits Limits = new();

    protected ISessionStore Store { get; set; } = null!;

    protected IClassroomStore Questions { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected abstract Task<DbConnection> OpenAsync();

    protected abstract object Id(Guid sessionId);

    /// <summary>Another store over the same database (another node, or this one after a restart).</summary>
    protected abstract ISessionStore OtherStore();

    [Fact]
    public async Task Create_FindsOrCreatesTheHostByDisplayName_TrimmedAndCaseInsensitive()
    {
        var first = await CreateAsync("Dr Ada");
        var second = await CreateAsync("  dr ADA ");
        var other = await CreateAsync("Grace");

        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM users WHERE name_key = 'dr ada'"));
        var ada = await ScalarAsync("SELECT host_user_id FROM sessions WHERE id = @s", first);
        Assert.Equal(ada, await ScalarAsync("SELECT host_user_id FROM sessions WHERE id = @s", second));
        Assert.NotEqual(ada, await ScalarAsync("SELECT host_user_id FROM sessions WHERE id = @s", other));
        Assert.Equal("host", await ScalarAsync("SELECT role FROM session_participants WHERE session_id = @s", first));
    }

    [Theory]
    [InlineData("Dr  Ada")] // two spaces
    [InlineData("Dr\tAda")]
    [InlineData("Dr\u00A0Ada")] // no-break space
    [InlineData("Dr A\u200Bda")] // zero-width space
    [InlineData("\u200EDr Ada\u2069")] // bidi marks
    [InlineData("Dr Ada\uFEFF")]
    public async Task Create_NamesThatReadTheSame_AreOneHost_AndShareTheCap(string spelling)
    {
        var ada = await CreateAsync("Dr Ada");
        await CreateAsync("dr ada");
        await CreateAsync(spelling);

        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM users WHERE name_key IS NOT NULL"));
        Assert.Equal("dr ada", await ScalarAsync("SELECT name_key FROM users WHERE name_key IS NOT NULL"));
        var error = await Assert.ThrowsAsync<HuddleException>(() => CreateAsync("DR ADA"));
        Assert.Equal("host_session_limit", error.Code);
        Assert.Equal(3L, await ScalarAsync("SELECT COUNT(*) FROM sessions"));
        Assert.Equal(await ScalarAsync("SELECT host_user_id FROM sessions WHERE id = @s", ada),
            await ScalarAsync("SELECT MIN(host_user_id) FROM sessions"));
    }

    [Fact]
    public async Task TransferHost_MovesTheSessionToTheNewHostsPlace_UnderTheCap()
    {
        // Ada holds her three places; she hands one Q&A to Grace.
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await CreateAsync("Ada"));
        await Store.AppendAsync(ids[0], new Commit(2, 2, [new ParticipantJoined("p_grace", "Grace", "h1", 2)]), default);
        await Store.AppendAsync(ids[0], new Commit(3, 3, [new HostChanged("p_grace", "p_host", "transferred")]), default);

        Assert.Equal("grace", await ScalarAsync("SELECT u.name_key FROM sessions s JOIN users u ON u.id = s.host_user_id WHERE s.id = @s", ids[0]));
        Assert.Equal("host", await ScalarAsync("SELECT role FROM session_participants WHERE session_id = @s AND participant_id = 'p_grace'", ids[0]));
        // Ada has a free place again; Grace hosts one of her three.
        await CreateAsync("Ada");
        await CreateAsync("Grace");
        await CreateAsync("Grace");
        var error = await Assert.ThrowsAsync<HuddleException>(() => CreateAsync("grace"));
        Assert.Equal("host_session_limit", error.Code);
        Assert.Equal(6L, await ScalarAsync("SELECT COUNT(*) FROM sessions"));
    }

    [Fact]
    public async Task HostLeavingWithNobodyToTakeOver_FreesThePlace_UntilSomeoneHostsAgain()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await CreateAsync("Ada"));
        await Store.AppendAsync(ids[0], new Commit(2, 2, [new ParticipantLeft("p_host", 2), new HostChanged(null, "p_host", "left")]), default);

        Assert.Null(await ScalarAsync("SELECT host_user_id FROM sessions WHERE id = @s", ids[0]));
        await CreateAsync("Ada");
        var error = await Assert.ThrowsAsync<HuddleException>(() => CreateAsync("Ada"));
        Assert.Equal("host_session_limit", error.Code);

        // Someone else called Ada comes in and becomes the host: the name counts against Ada's cap
        // (the known weakness of a cap keyed by name), which is now over it, never refused.
        await Store.AppendAsync(ids[0], new Commit(3, 3, [new ParticipantJoined("p_ada2", "ada", "h2", 3), new HostChanged("p_ada2", null, "vacant")]), default);
        Assert.Equal(4L, await ScalarAsync("""
            SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.host_user_id WHERE u.name_key = 'ada' AND s.status = 'active'
            """));
    }

    [Fact]
    public async Task Create_AFourthActiveClassroomForOneHost_IsRefused_AndLeavesNoRow_UntilOneEnds()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await CreateAsync("Ada"));

        var error = await Assert.ThrowsAsync<HuddleException>(() => CreateAsync("ada"));

        Assert.Equal("host_session_limit", error.Code);
        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal(3L, await ScalarAsync("SELECT COUNT(*) FROM sessions"));

        // A jam by the same name is not a classroom: it neither counts nor is counted.
        await CreateAsync("Ada", SessionKind.Jam);
        await Store.AppendAsync(ids[0], new Commit(2, 50, [new SessionEnded("ended_by_host", 50)]), default);
        await CreateAsync("Ada");
    }

    [Fact]
    public async Task Create_TwoConcurrentCreatesAtTheCap_ExactlyOneSucceeds()
    {
        for (var round = 0; round < 3; round++)
        {
            var host = $"Host {round}";
            await CreateAsync(host);
            await CreateAsync(host);

            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
            {
                try
                {
                    await CreateAsync(host);
                    return "created";
                }
                catch (HuddleException e)
                {
                    return e.Code;
                }
            }));

            Assert.Equal(["created", "host_session_limit"], results.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Participants_WithTheSameName_AreDifferentUsers()
    {
        var id = await CreateAsync("Ada");
        await Store.AppendAsync(id, new Commit(2, 2, [new ParticipantJoined("p_alex1", "Alex", "h1", 2)]), default);
        await Store.AppendAsync(id, new Commit(3, 3, [new ParticipantJoined("p_alex2", "Alex", "h2", 3)]), default);

        Assert.Equal(2L, await ScalarAsync(
            "SELECT COUNT(DISTINCT user_id) FROM session_participants WHERE session_id = @s AND display_name = 'Alex'", id));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM users WHERE name_key = 'alex'"));
    }

    [Fact]
    public async Task Questions_AndVotes_FollowTheLog()
    {
        var id = await CreateAsync("Ada");
        var v = 1L;
        async Task Do(params SessionEvent[] events) => await Store.AppendAsync(id, new Commit(++v, v * 10, events), default);
        await Do(new ParticipantJoined("p_bo", "Bo", "h1", 5), new ParticipantJoined("p_cy", "Cy", "h2", 5));
        await Do(new QuestionAsked("qn_1", "p_bo", "Bo", "First, \"quoted\"?", false, false, 100));
        await Do(new QuestionAsked("qn_2", "p_cy", "Cy", "Secret?", true, true, 200));
        await Do(new QuestionUpvoted("qn_1", "p_cy", 1));
        await Do(new QuestionUpvoted("qn_1", "p_host", 1));
        await Do(new QuestionUpvoted("qn_1", "p_host", 0));
        await Do(new QuestionPinned("qn_1", "p_host"));
        await Do(new QuestionApproved("qn_2", "p_host", 300));
        await Do(new QuestionEdited("qn_2", "Secret, edited?", false, 350));
        await Do(new QuestionAnswered("qn_1", "p_host", 400));
        await Do(new QuestionAsked("qn_3", "p_bo", "Bo", "Gone", false, false, 500));
        await Do(new QuestionHidden("qn_3", "p_host", 600));

        var rows = await Questions.ExportQuestionsAsync(id, default);

        Assert.Equal(
            [
                new QuestionRow("qn_1", "First, \"quoted\"?", "answered", false, false, "Bo", 1, 100, null, 400),
                new QuestionRow("qn_2", "Secret, edited?", "open", false, true, null, 0, 200, 350, null),
                new QuestionRow("qn_3", "Gone", "hidden", false, false, "Bo", 0, 500, null, null),
            ],
            rows);

        await Do(new QuestionDeleted("qn_3", "p_host"), new ParticipantKicked("p_cy"));
        rows = await Questions.ExportQuestionsAsync(id, default);
        Assert.Equal(["qn_1", "qn_2"], rows.Select(r => r.ItemId));
        Assert.Equal(0, rows[0].Votes);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM question_votes"));
    }

    [Fact]
    public async Task Pin_MovesFromOneQuestionToAnother_AndNullUnpins()
    {
        var id = await CreateAsync("Ada");
        await Store.AppendAsync(id, new Commit(2, 2, [
            new QuestionAsked("qn_1", "p_host", "Ada", "One", false, false, 2),
            new QuestionAsked("qn_2", "p_host", "Ada", "Two", false, false, 2),
            new QuestionPinned("qn_1", "p_host"),
        ]), default);
        await Store.AppendAsync(id, new Commit(3, 3, [new QuestionPinned("qn_2", "p_host")]), default);

        Assert.Equal([false, true], (await Questions.ExportQuestionsAsync(id, default)).Select(r => r.Pinned));

        await Store.AppendAsync(id, new Commit(4, 4, [new QuestionPinned(null, "p_host")]), default);
        Assert.All(await Questions.ExportQuestionsAsync(id, default), r => Assert.False(r.Pinned));
    }

    [Fact]
    public async Task OtherKinds_WriteNoClassroomRows()
    {
        var id = await CreateAsync("Ada", SessionKind.Jam);
        await Store.AppendAsync(id, new Commit(2, 2, [new ParticipantJoined("p_bo", "Bo", "h1", 2)]), default);

        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM session_participants"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM users"));
        Assert.Null(await ScalarAsync("SELECT host_user_id FROM sessions WHERE id = @s", id));
    }

    [Fact]
    public async Task AStoreThatNeverSawTheSessionsFirstCommit_StillProjectsItsJoins()
    {
        var classroom = await CreateAsync("Ada");
        var jam = await CreateAsync("Ada", SessionKind.Jam);
        var other = OtherStore();

        await other.AppendAsync(classroom, new Commit(2, 2, [new ParticipantJoined("p_bo", "Bo", "h1", 2)]), default);
        await other.AppendAsync(jam, new Commit(2, 2, [new ParticipantJoined("p_cy", "Cy", "h2", 2)]), default);

        Assert.Equal(2L, await ScalarAsync("SELECT COUNT(*) FROM session_participants WHERE session_id = @s", classroom));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM session_participants WHERE session_id = @s", jam));
        (other as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task AVersionConflict_WritesNoRows()
    {
        var id = await CreateAsync("Ada");
        await Store.AppendAsync(id, new Commit(2, 2, [new QuestionAsked("qn_1", "p_host", "Ada", "One", false, false, 2)]), default);

        await Assert.ThrowsAsync<VersionConflictException>(() =>
            Store.AppendAsync(id, new Commit(2, 3, [new QuestionAsked("qn_2", "p_host", "Ada", "Two", false, false, 3)]), default));

        Assert.Equal(["qn_1"], (await Questions.ExportQuestionsAsync(id, default)).Select(r => r.ItemId));
    }

    [Fact]
    public async Task Purge_RemovesTheEndedClassroomsRows_AndItsParticipantsUsers_ButKeepsTheHost()
    {
        var id = await CreateAsync("Ada");
        await Store.AppendAsync(id, new Commit(2, 2, [
            new ParticipantJoined("p_bo", "Bo", "h1", 2),
            new QuestionAsked("qn_1", "p_bo", "Bo", "One", false, false, 2),
            new QuestionUpvoted("qn_1", "p_host", 1),
        ]), default);
        await Store.AppendAsync(id, new Commit(3, 10, [new SessionEnded("ended_by_host", 10)]), default);

        Assert.Equal(1, await Store.PurgeEndedAsync(100, default));

        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM questions"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM session_participants"));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM users"));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM users WHERE name_key = 'ada'"));
    }

    private async Task<Guid> CreateAsync(string hostName, SessionKind kind = SessionKind.Classroom)
    {
        var id = Guid.NewGuid();
        var code = Secrets.NewCode();
        var settings = SessionSettings.Defaults(Limits, kind);
        IReadOnlyList<SessionEvent> events =
        [
            .. Session.Create(id, code, kind, "Lecture", settings, "p_host", hostName.Trim(), "hash", 1),
            .. kind == SessionKind.Classroom ? Session.SetUpClassroom(Limits) : [],
        ];
        await Store.CreateAsync(id, code, kind, "Lecture", new Commit(1, 1, events), default);
        return id;
    }

    private async Task<object?> ScalarAsync(string sql, Guid? sessionId = null)
    {
        await using var connection = await OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        if (sessionId is { } s)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "s";
            p.Value = Id(s);
            cmd.Parameters.Add(p);
        }

        var value = await cmd.ExecuteScalarAsync();
        return value switch
        {
            DBNull => null,
            int i => (long)i,
            long l => l,
            _ => value,
        };
    }
}

public sealed class SqliteClassroomStoreTests : ClassroomStoreTests
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huddle-classroom-");
    private string _connectionString = "";

    public override async Task InitializeAsync()
    {
        _connectionString = $"Data Source={Path.Combine(_dir.FullName, "h.db")}";
        var sqlite = new SqliteSessionStore(_connectionString);
        await sqlite.MigrateAsync(default);
        Store = sqlite;
        Questions = sqlite;
    }

    public override Task DisposeAsync()
    {
        ((SqliteSessionStore)Store).Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
        return Task.CompletedTask;
    }

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        return connection;
    }

    protected override object Id(Guid sessionId) => sessionId.ToString();

    protected override ISessionStore OtherStore() => new SqliteSessionStore(_connectionString);
}

public sealed class PostgresClassroomStoreTests : ClassroomStoreTests
{
    private NpgsqlDataSource _db = null!;

    public override async Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(await (await PostgresCluster.GetAsync()).CreateDatabaseAsync());
        await new PostgresMigrator(_db).MigrateAsync(default);
        Store = new PostgresSessionStore(_db, "n_test");
        Questions = new PostgresClassroomStore(_db);
    }

    public override async Task DisposeAsync() => await _db.DisposeAsync();

    protected override async Task<DbConnection> OpenAsync() => await _db.OpenConnectionAsync();

    protected override object Id(Guid sessionId) => sessionId;

    protected override ISessionStore OtherStore() => new PostgresSessionStore(_db, "n_other");
}
