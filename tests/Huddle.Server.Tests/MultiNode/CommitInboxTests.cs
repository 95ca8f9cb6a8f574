using System.Net.Http.Json;
using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Server.Observability;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Huddle.Server.Tests.MultiNode;

/// <summary>
/// How a node takes in another node's commits, on one real server: the test plays the other node by
/// writing a commit to the store itself and handing the engine its notice, as the listener would.
/// </summary>
public sealed class CommitInboxTests : ServerTest
{
    private SessionService Sessions => Server.Services.GetRequiredService<SessionService>();

    private ISessionStore Store => Server.Services.GetRequiredService<ISessionStore>();

    private IReadOnlyDictionary<string, double> RemoteApplied =>
        Server.Services.GetRequiredService<PrometheusExporter>().ByTag("huddle.commits.remote", "source");

    private double Conflicts => Server.Services.GetRequiredService<PrometheusExporter>().Total("huddle.commit.conflicts");

    [Fact]
    public async Task ACommitCarriedByItsNotice_ReachesClientsWithoutAReadBack()
    {
        var (id, host, version) = await StartAsync();
        var remote = (await CommitElsewhereAsync(id, version, "Rita"))[0];

        Assert.True(Sessions.Heard(new CommitNotice(id, remote.Version, remote)));
        await Sessions.CatchUpAsync(id, default);

        var joined = await host.WaitFor("participantJoined");
        Assert.Equal(remote.Version, joined.Version());
        Assert.Equal("Rita", joined.GetProperty("participant").Str("name"));
        Assert.Equal(1, RemoteApplied.GetValueOrDefault("notice"));
        Assert.Equal(0, RemoteApplied.GetValueOrDefault("read"));
    }

    [Fact]
    public async Task ANoticeThatDoesNotFollowOn_IsCoveredByAReadOfEveryMissedCommit_InOrder()
    {
        var (id, host, version) = await StartAsync();
        var carried = (await CommitElsewhereAsync(id, version, "Lost", "Carried"))[1];   // Lost's notice never arrived

        Sessions.Heard(new CommitNotice(id, carried.Version, carried));
        await Sessions.CatchUpAsync(id, default);

        await host.WaitFor("participantJoined", e => e.Version() == carried.Version);
        Assert.Equal(["Lost", "Carried"], host.Events.Where(e => e.Name == "participantJoined").Select(e => e.Payload.GetProperty("participant").Str("name")));
        Assert.Equal(2, RemoteApplied.GetValueOrDefault("read"));
        Assert.Equal(0, RemoteApplied.GetValueOrDefault("notice"));
    }

    [Fact]
    public async Task AMutation_AppliesNoticesWaitingInTheInboxBeforeDeciding_SoItLosesNoRace()
    {
        var (id, host, version) = await StartAsync();
        var remote = (await CommitElsewhereAsync(id, version, "Rita"))[0];
        Assert.True(Sessions.Heard(new CommitNotice(id, remote.Version, remote)));   // its catch-up is not run

        await host.AddAsync("s0010");

        var added = await host.WaitFor("queueUpdated");
        Assert.True(Conflicts == 0, string.Join(", ", host.VersionedEvents.Select(e => $"{e.Name}@{e.Payload.Version()}")) + $" base {version}");
        Assert.Equal(version + 2, added.Version());
        Assert.Equal(1, RemoteApplied.GetValueOrDefault("notice"));
        Assert.Equal(["participantJoined", "queueUpdated"], host.VersionedEvents.Where(e => e.Payload.Version() > version).Select(e => e.Name).Take(2));
    }

    [Fact]
    public async Task ASessionNoClientHereIsIn_OnlyNotesNotices_AndCatchesUpWithOneReadWhenNextUsed()
    {
        await Server.Http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "Host" });   // created here, joined elsewhere
        var id = Sessions.LoadedSessions.Single();
        var version = await Sessions.ReadAsync(id, s => s.Version, default);
        var commits = await CommitElsewhereAsync(id, version, "Rita", "Sam");
        var (first, second) = (commits[0], commits[1]);

        Assert.False(Sessions.Heard(new CommitNotice(id, first.Version, first)));
        Assert.False(Sessions.Heard(new CommitNotice(id, second.Version, second)));
        Assert.Empty(RemoteApplied);

        Assert.Equal(["Host", "Rita", "Sam"], await Sessions.ReadAsync(id, s => s.Participants.Select(p => p.Name).ToList(), default));
        Assert.Equal(2, RemoteApplied.GetValueOrDefault("read"));
        Assert.Equal(0, RemoteApplied.GetValueOrDefault("notice"));
    }

    [Fact]
    public async Task AReadThatFails_LeavesTheSessionBehind_SoItsNextUseReadsAgain()
    {
        await Server.Http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "Host" });
        var id = Sessions.LoadedSessions.Single();
        var version = await Sessions.ReadAsync(id, s => s.Version, default);
        var remote = (await CommitElsewhereAsync(id, version, "Rita"))[0];
        Sessions.Heard(new CommitNotice(id, remote.Version));

        await RenameTableAsync("session_commits", "session_commits_away");   // the database fails the read
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Sessions.ReadAsync(id, s => s.Version, default));
        await RenameTableAsync("session_commits_away", "session_commits");

        Assert.Equal(remote.Version, await Sessions.ReadAsync(id, s => s.Version, default));
    }

    [Fact]
    public async Task ANoticeOfAVersionAlreadyApplied_OrOfASessionNotHeld_SchedulesNothing()
    {
        var (id, _, version) = await StartAsync();

        Assert.False(Sessions.Heard(new CommitNotice(id, version)));
        Assert.False(Sessions.Heard(new CommitNotice(Guid.NewGuid(), 5)));
    }

    private async Task<(Guid Id, TestClient Host, long Version)> StartAsync()
    {
        var (_, host) = await Server.CreateAndJoinAsync();
        var session = host.Snapshot.GetProperty("session");
        return (session.GetProperty("id").GetGuid(), host, session.Version());
    }

    private async Task RenameTableAsync(string from, string to)
    {
        var config = Server.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        var connectionString = config["ConnectionStrings:Huddle"]!;
        await using System.Data.Common.DbConnection connection = config["Storage:Provider"] == "Postgres"
            ? new Npgsql.NpgsqlConnection(connectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"ALTER TABLE {from} RENAME TO {to}";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What the other node does: people join there, one commit each after <paramref name="version"/>, stored but not heard here.</summary>
    private async Task<Commit[]> CommitElsewhereAsync(Guid id, long version, params string[] names)
    {
        var commits = names.Select((name, i) => Joined(version + 1 + i, name)).ToArray();
        foreach (var commit in commits) await Store.AppendAsync(id, commit, default);
        return commits;
    }

    /// <summary>Someone joining on the other node: what makes clients here hear <c>participantJoined</c>.</summary>
    private static Commit Joined(long version, string name)
    {
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = $"p_{name.ToLowerInvariant()}";
        return new(version, at, [new ParticipantJoined(id, name, "hash", at), new PresenceChanged(id, true, at)]);
    }
}
