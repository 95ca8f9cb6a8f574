using Huddle.Core.Catalog;
using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

/// <summary>One kind rule: each kind's features come from <see cref="SessionKinds"/>, and every door refuses alike.</summary>
public class KindRulesTests
{
    private const string Host = JamBuilder.HostId;

    private static readonly RoomAccount Coach = new(new Guid("0c0a0c0a-0000-4000-8000-0000000000c0"), "Grace", IsAdmin: false);

    /// <summary>A session of the kind with its host present (a coaching room's host is its coach).</summary>
    private static (Session Session, string Host) Started(SessionKind kind)
    {
        if (kind != SessionKind.Coaching) return (JamBuilder.Create(kind: kind).Session, Host);
        var limits = new HuddleLimits();
        var room = new Session(limits);
        room.Apply(new Commit(1, 0, Session.OpenCoachingRoom(
            JamBuilder.SessionId, "ROOMAB", "Chat", Coach.AccountId, Coach.Name, Guid.NewGuid(), 3_600_000,
            SessionSettings.Defaults(limits, kind), limits, 0)));
        room.Apply(new Commit(2, 0, room.JoinAccount(Coach, 0, out var coachId)));
        return (room, coachId);
    }

    [Theory]
    //                            queue  songs  deck   questions booking
    [InlineData(SessionKind.Jam, true, true, false, false, false)]
    [InlineData(SessionKind.Room, false, true, false, false, false)]
    [InlineData(SessionKind.Movie, false, false, true, false, false)]
    [InlineData(SessionKind.Classroom, false, false, false, true, false)]
    [InlineData(SessionKind.Coaching, false, false, false, false, true)]
    public void Rules_EachKind_HasExactlyItsFeatures(
        SessionKind kind, bool queue, bool songs, bool deck, bool questions, bool booking)
    {
        Assert.Equal(new KindRules(queue, songs, deck, questions, booking), kind.Rules());
        Assert.Equal(!booking, kind.PublicByCode());
        Assert.Equal(!booking, kind.CreatedByRequest());
    }

    [Fact]
    public void Rules_EveryKind_IsInTheTable()
    {
        // The theory above must grow with the enum: a new kind answers every question explicitly.
        Assert.Equal(5, Enum.GetValues<SessionKind>().Length);
        foreach (var kind in Enum.GetValues<SessionKind>()) Assert.NotNull(kind.Rules());
    }

    [Theory]
    [InlineData(SessionKind.Room)]
    [InlineData(SessionKind.Movie)]
    [InlineData(SessionKind.Classroom)]
    [InlineData(SessionKind.Coaching)]
    public void QueueCommands_WithoutQueue_AreNotSupported_AndChangeNothing(SessionKind kind)
    {
        var (session, host) = Started(kind);

        var error = HuddleAssert.Rejects(session, "not_supported", () => session.AddToQueue(host, JamBuilder.Song("s1"), "q_1", 1));
        Assert.Equal($"A {WireNames.Of(kind)} session has no song queue.", error.Message);
        HuddleAssert.Rejects(session, "not_supported", () => session.PlayNext(host, 1));
        HuddleAssert.Rejects(session, "not_supported", () => session.VoteSkip(host, 1));
        Assert.Null(session.Jam);
        Assert.Empty(session.Queue);
    }

    [Theory]
    [InlineData(SessionKind.Movie)]
    [InlineData(SessionKind.Classroom)]
    [InlineData(SessionKind.Coaching)]
    public void Recommendations_KindWithoutSongs_AreNotSupported(SessionKind kind)
    {
        var (session, _) = Started(kind);

        var error = HuddleAssert.Rejects(session, "not_supported", () => Recommender.Recommend(session, new SongCatalog(Array.Empty<Song>()), 10, seed: null));
        Assert.Equal($"A {WireNames.Of(kind)} session has no song recommendations.", error.Message);
    }

    [Fact]
    public void Recommendations_InARoom_AreOffered_ThoughItHasNoQueue()
    {
        var session = JamBuilder.Create(kind: SessionKind.Room).Session;
        var catalog = new SongCatalog([new Song("r01", "One", "Band", "A", 1990, "Rock", 200)]);

        Assert.Equal(["r01"], Recommender.Recommend(session, catalog, 10, seed: null).Select(s => s.Id));
    }

    [Theory]
    [InlineData(SessionKind.Jam)]
    [InlineData(SessionKind.Room)]
    [InlineData(SessionKind.Movie)]
    [InlineData(SessionKind.Coaching)]
    public void Questions_OutsideAClassroom_GiveTheSameErrorOnBothDoors(SessionKind kind)
    {
        var (session, host) = Started(kind);

        // The hub's AskQuestion and the REST CSV export ask the same rule.
        var hub = HuddleAssert.Rejects(session, "not_supported", () => session.AskQuestion(host, "Why?", false, "qn_1", 1));
        var rest = HuddleAssert.Rejects(session, "not_supported", session.EnsureQuestionKind);
        Assert.Equal(hub.Message, rest.Message);
        Assert.Equal($"A {WireNames.Of(kind)} session has no questions.", rest.Message);
    }

    [Fact]
    public void ActorByToken_FindsTheTokensOwner_ElseNotAllowed()
    {
        var session = JamBuilder.Create().Session;
        var token = "host-token";
        var withToken = new Session(new HuddleLimits());
        withToken.Apply(new Commit(1, 0, Session.Create(
            JamBuilder.SessionId, "ABCDEF", SessionKind.Jam, "t", SessionSettings.Defaults(new HuddleLimits()), Host, "Hana", Secrets.HashToken(token), 0)));

        Assert.Equal(Host, withToken.ActorByToken(token, "send it").Id);
        Assert.Equal("send it", HuddleAssert.Rejects(withToken, "not_allowed", () => withToken.ActorByToken("other", "send it")).Message);
        HuddleAssert.Rejects(withToken, "not_allowed", () => withToken.ActorByToken(null, "send it"));
        HuddleAssert.Rejects(session, "not_allowed", () => session.ActorByToken("", "send it"));
    }
}
