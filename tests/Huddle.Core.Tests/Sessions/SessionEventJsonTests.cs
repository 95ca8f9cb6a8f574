using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

public class SessionEventJsonTests
{
    private const string Host = JamBuilder.HostId;

    [Fact]
    public void RoundTrip_EveryCommit_RebuildsTheSameSession()
    {
        var (original, commits) = RecordedSession();

        var rebuilt = new Session(new HuddleLimits());
        foreach (var commit in commits)
        {
            var json = SessionEventJson.Serialize(commit.Events);
            var events = SessionEventJson.Deserialize(json);
            Assert.Equal(commit.Events, events);
            rebuilt.Apply(commit with { Events = events });
        }

        Assert.Equal(JamBuilder.Snapshot(original), JamBuilder.Snapshot(rebuilt));
        Assert.Equal(original.Id, rebuilt.Id);
        Assert.Equal(original.Code, rebuilt.Code);
        Assert.Equal(original.Kind, rebuilt.Kind);
        Assert.Equal(original.Title, rebuilt.Title);
        Assert.Equal(original.CreatedAt, rebuilt.CreatedAt);
        Assert.Equal(original.LastActivityAt, rebuilt.LastActivityAt);
    }

    [Fact]
    public void RoundTrip_CoversEveryEventType()
    {
        var (_, commits) = RecordedSession();
        var (_, movieCommits) = Movies.MovieNightTests.RecordedMovieNight();

        var classroomCommits = Classroom.ClassroomTests.RecordedClassroom().Commits;

        var roomCommits = Coaching.CoachingRoomTests.RecordedRoom();
        var ownedCommits = Classroom.ClassroomOwnerTests.RecordedOwnedClassroom().Commits;

        var seen = commits.Concat(movieCommits).Concat(classroomCommits).Concat(roomCommits).Concat(ownedCommits).SelectMany(c => c.Events).Select(e => e.GetType()).ToHashSet();
        var all = typeof(SessionEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(SessionEvent)) && !t.IsAbstract);

        Assert.All(all, t => Assert.Contains(t, seen));
    }

    [Fact]
    public void Serialize_UsesTypeDiscriminatorAndCamelCase()
    {
        SessionEvent[] events =
        [
            new ItemAdded("i_1", "s1", "Song", "Artist", "Rock", 180, "p_a", "Ann", 5),
            new RoleChanged("p_a", Role.Moderator),
            new HostChanged(null, "p_a", "left"),
        ];

        var json = SessionEventJson.Serialize(events);

        Assert.Contains("\"type\":\"itemAdded\"", json, StringComparison.Ordinal);
        Assert.Contains("\"catalogId\":\"s1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"durationSeconds\":180", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"roleChanged\"", json, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"moderator\"", json, StringComparison.Ordinal);
        Assert.Contains("\"participantId\":null", json, StringComparison.Ordinal);
        Assert.Equal(events, SessionEventJson.Deserialize(json));
    }

    [Fact]
    public void Deserialize_StoredCreatedEvent_ReadsEnumsAndSettings()
    {
        const string json = """
            [{"type":"created","id":"5f1d0c1e-8a0b-4c1e-9a55-000000000001","code":"ABCDEF","kind":"room","title":"T",
              "settings":{"allowVoting":false,"maxQueueSize":7,"autoPlay":true,"skipThreshold":0.75,"allowAnonymous":true,"moderation":false,"maxParticipants":9},
              "at":12}]
            """;

        var created = Assert.IsType<SessionCreated>(Assert.Single(SessionEventJson.Deserialize(json)));

        Assert.Equal(SessionKind.Room, created.Kind);
        Assert.Equal(new SessionSettings(false, 7, true, 0.75, true, false, 9), created.Settings);
        Assert.Equal(12, created.At);
    }

    [Fact]
    public void Deserialize_Null_Throws()
    {
        Assert.Throws<InvalidDataException>(() => SessionEventJson.Deserialize("null"));
    }

    /// <summary>A session that goes through every kind of event, recording its commits.</summary>
    private static (Session Session, List<Commit> Commits) RecordedSession()
    {
        var limits = new HuddleLimits();
        var session = new Session(limits);
        var commits = new List<Commit>();
        var at = 1_000L;
        void Do(IReadOnlyList<SessionEvent> events)
        {
            at += 1_000;
            var commit = new Commit(session.Version + 1, at, events);
            session.Apply(commit);
            commits.Add(commit);
        }

        Do(Session.Create(JamBuilder.SessionId, "QWERTY", SessionKind.Jam, "Round trip", SessionSettings.Defaults(limits), Host, "Hana", "h-host", at));
        Do(session.Join(null, "h-host", "x", "x", at, out _));
        Do(session.Join("Bob", null, "p_bob", "h-bob", at, out _));
        Do(session.Join("Cy", null, "p_cy", "h-cy", at, out _));
        Do(session.Join("Dee", null, "device-dee", "p_dee", "h-dee", at, out _));
        Do(session.SetRole(Host, "p_bob", Role.Moderator));
        Do(session.UpdateSettings(Host, new SettingsPatch(SkipThreshold: 0.75, MaxQueueSize: 20)));
        Do(session.AddToQueue("p_bob", new SongRef("s1", "Ünïcødé \"quoted\"", "A", "Rock", 200), "i_1", at));
        Do(session.AddToQueue("p_cy", new SongRef("s2", "Two", "B", "Jazz", 300), "i_2", at));
        Do(session.AddToQueue("p_cy", new SongRef("s3", "Three", "C", "Pop", 100), "i_3", at));
        Do(session.Vote("p_dee", "i_2", 1));
        Do(session.Vote("p_bob", "i_3", -1));
        Do(session.PlayNext("p_bob", at));
        Do(session.UpdatePlayback(Host, false, 12.345, at));
        Do(session.VoteSkip("p_cy", at));
        Do(session.PlayNext(Host, at));
        Do(session.RemoveFromQueue("p_cy", "i_3"));
        Do(session.UpdateSettings(Host, new SettingsPatch(QueueOrder: "fair", MaxQueuedPerPerson: 3, AddCooldownSeconds: 1, AutoDj: false, LockAdding: true)));
        Do(session.AddToQueue("p_bob", new SongRef("s4", "Four", "D", "Rock", 100), "i_4", at));
        Do(session.AddToQueue(Host, new SongRef("s5", "Five", "E", "Rock", 100), "i_5", at));
        Do(session.MoveToTop(Host, "i_5"));
        Do(session.PinItem("p_bob", "i_4", true));
        Do(session.Kick(Host, "p_dee"));
        Do(session.Unban(Host, "p_dee"));
        Do(session.Kick(Host, "p_dee"));
        Do(session.SetPresence("p_cy", false, at));
        Do(session.Leave(Host, at));
        Do(session.KeepAlive("p_bob", at + 5_000));
        Do(session.End("p_bob", "host", at));
        return (session, commits);
    }
}
