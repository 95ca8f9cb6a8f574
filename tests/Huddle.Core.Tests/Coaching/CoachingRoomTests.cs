using Huddle.Core.Sessions;

namespace Huddle.Core.Tests.Coaching;

/// <summary>The live room of a coaching session: who gets in, the shared notes, and the host rules it keeps.</summary>
public class CoachingRoomTests
{
    private static readonly Guid BookingId = new("0c0a0c0a-0000-4000-8000-000000000001");
    private static readonly RoomAccount Coach = new(new Guid("0c0a0c0a-0000-4000-8000-0000000000c0"), "Grace Hopper", IsAdmin: false);
    private static readonly RoomAccount Client = new(new Guid("0c0a0c0a-0000-4000-8000-0000000000c1"), "Ada", IsAdmin: false);
    private static readonly RoomAccount Admin = new(new Guid("0c0a0c0a-0000-4000-8000-0000000000ad"), "Root", IsAdmin: true);
    private static readonly RoomAccount Stranger = new(new Guid("0c0a0c0a-0000-4000-8000-0000000000ff"), "Eve", IsAdmin: false);
    private const long EndsAt = 3_600_000;

    private readonly HuddleLimits _limits = new() { NotesMaxLength = 20 };
    private readonly List<Commit> _commits = [];
    private readonly Session _room;

    public CoachingRoomTests()
    {
        _room = new Session(_limits);
        Do(Session.OpenCoachingRoom(
            BookingId, "ROOMAB", "Career chat", Coach.AccountId, Coach.Name, Client.AccountId, EndsAt,
            SessionSettings.Defaults(_limits, SessionKind.Coaching), _limits, 0));
    }

    /// <summary>A room's log with every coaching room event, for the storage-format tests.</summary>
    public static IReadOnlyList<Commit> RecordedRoom()
    {
        var test = new CoachingRoomTests();
        test.Join(Coach);
        test.Do(test._room.UpdateNotes(Id(Coach), "notes", 5));
        return test._commits;
    }

    private static string Id(RoomAccount a) => Session.AccountParticipantId(a.AccountId);

    [Fact]
    public void OpenedRoom_HasTheCoachAsHost_WithTheBookingsId()
    {
        Assert.Equal(SessionKind.Coaching, _room.Kind);
        Assert.Equal(BookingId, _room.Id);
        Assert.Equal(Id(Coach), _room.HostId);
        Assert.Equal(BookingId, _room.CoachingRoom!.CoachingSessionId);
        Assert.Equal("", _room.CoachingRoom.Notes);
    }

    [Fact]
    public void JoinAccount_CoachAndClient_AreTheSameParticipantOnEveryJoin()
    {
        Join(Coach);
        var first = Join(Client);
        Do(_room.SyncPresence(new HashSet<string> { Id(Coach) }, 10));
        var again = Join(Client);

        Assert.Equal(first, again);
        Assert.Equal(Id(Client), again);
        Assert.Equal(2, _room.Participants.Count);
        Assert.Equal("Ada", _room.Find(again)!.Name);
        Assert.Equal(Role.Member, _room.Find(again)!.Role);
        Assert.Equal(Role.Host, _room.Find(Id(Coach))!.Role);
        Assert.True(_room.Find(Id(Coach))!.Present);
    }

    [Fact]
    public void JoinAccount_LongAccountName_IsCutToTheNameLimit()
    {
        Join(Coach);

        Assert.Equal("Grace Hopper", _room.Find(Id(Coach))!.Name);
        var longName = new RoomAccount(Client.AccountId, new string('n', 40), false);
        Do(_room.JoinAccount(longName, 1, out var id));
        Assert.Equal(_limits.NameMaxLength, _room.Find(id)!.Name.Length);
    }

    [Fact]
    public void JoinAccount_Admin_IsAdmittedAsAMember()
    {
        var id = Join(Admin);

        Assert.Equal(Role.Member, _room.Find(id)!.Role);
    }

    [Fact]
    public void JoinAccount_StrangerOrNoAccountOrAToken_IsRefused_AndNothingChanges()
    {
        var version = _room.Version;

        Assert.Equal("not_allowed", Assert.Throws<HuddleException>(() => _room.JoinAccount(Stranger, 1, out _)).Code);
        Assert.Equal("not_allowed", Assert.Throws<HuddleException>(() => _room.JoinAccount(null, 1, out _)).Code);
        Assert.Equal("not_allowed", Assert.Throws<HuddleException>(() => _room.Join("Eve", null, "p_eve", "hash", 1, out _)).Code);
        Assert.Equal(version, _room.Version);
        Assert.Single(_room.Participants);
    }

    [Fact]
    public void UpdateNotes_ByEitherParty_ReplacesTheWholeText_LastWriterWins()
    {
        Join(Coach);
        Join(Client);

        Do(_room.UpdateNotes(Id(Coach), "Goals: CV", 5));
        Do(_room.UpdateNotes(Id(Client), "CV\r\n- tab\there ", 6));

        Assert.Equal("CV\n- tab\there ", _room.CoachingRoom!.Notes);
        Assert.Equal(Id(Client), _room.CoachingRoom.NotesUpdatedBy);
        Assert.Equal(6, _room.CoachingRoom.NotesUpdatedAt);
    }

    [Fact]
    public void UpdateNotes_SameText_CommitsNothing_AndEmptyClears()
    {
        Join(Coach);
        Do(_room.UpdateNotes(Id(Coach), "x", 5));

        Assert.Empty(_room.UpdateNotes(Id(Coach), "x", 6));
        Do(_room.UpdateNotes(Id(Coach), "", 7));
        Assert.Equal("", _room.CoachingRoom!.Notes);
    }

    [Theory]
    [InlineData("123456789012345678901", "at most 20")] // one over the limit
    [InlineData("bell\u0007", "control characters")]
    [InlineData("esc\u001b[2J", "control characters")]
    [InlineData("a\u0301\u0301\u0301\u0301\u0301\u0301", "combining marks")] // six marks on one letter
    [InlineData("👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦", "at most 80 bytes")] // 4 characters, 100 bytes
    [InlineData(null, "unpaired surrogate")] // built below: an attribute cannot hold a lone surrogate
    public void UpdateNotes_InvalidText_IsRefused_AndNothingChanges(string? text, string why)
    {
        Join(Coach);
        Do(_room.UpdateNotes(Id(Coach), "kept", 5));
        var version = _room.Version;

        text ??= "lone " + '\ud800' + " x";

        var error = Assert.Throws<HuddleException>(() => _room.UpdateNotes(Id(Coach), text, 6));

        Assert.Equal("invalid_notes", error.Code);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Equal("kept", _room.CoachingRoom!.Notes);
        Assert.Equal(version, _room.Version);
    }

    [Fact]
    public void UpdateNotes_AtTheLimitInEmoji_IsAccepted()
    {
        Join(Coach);
        var twenty = string.Concat(Enumerable.Repeat("👍", 20));

        Do(_room.UpdateNotes(Id(Coach), twenty, 5));

        Assert.Equal(twenty, _room.CoachingRoom!.Notes);
    }

    [Fact]
    public void UpdateNotes_ByAnAdmin_AbsentParty_OrInAnotherKind_IsRefused()
    {
        Join(Coach);
        Join(Client);
        var admin = Join(Admin);
        Do(_room.SyncPresence(new HashSet<string> { Id(Coach), admin }, 5));
        var version = _room.Version;

        Assert.Equal("not_allowed", Assert.Throws<HuddleException>(() => _room.UpdateNotes(admin, "mine", 6)).Code);
        Assert.Equal("not_joined", Assert.Throws<HuddleException>(() => _room.UpdateNotes(Id(Client), "absent", 6)).Code);
        Assert.Equal("", _room.CoachingRoom!.Notes);
        Assert.Equal(version, _room.Version);

        var jam = Support.JamBuilder.Create();
        Assert.Equal("not_supported", Assert.Throws<HuddleException>(() => jam.Session.UpdateNotes(Support.JamBuilder.HostId, "x", 1)).Code);
    }

    [Fact]
    public void HostPowersThatFightTheBooking_AreNotSupported()
    {
        Join(Coach);
        var client = Join(Client);
        var version = _room.Version;

        Assert.Equal("not_supported", Assert.Throws<HuddleException>(() => _room.Kick(Id(Coach), client)).Code);
        Assert.Equal("not_supported", Assert.Throws<HuddleException>(() => _room.TransferHost(Id(Coach), client)).Code);
        Assert.Equal("not_supported", Assert.Throws<HuddleException>(() => _room.SetRole(Id(Coach), client, Role.Moderator)).Code);
        Assert.Equal("not_supported", Assert.Throws<HuddleException>(() => _room.End(Id(Coach), "ended_by_host", 9)).Code);
        Assert.Equal(version, _room.Version);
        Assert.True(_room.IsActive);
    }

    [Fact]
    public void TheCoach_StaysHost_WhenAwayOrLeaving()
    {
        Join(Coach);
        var client = Join(Client);

        Do(_room.SyncPresence(new HashSet<string> { client }, 10));
        Assert.Empty(_room.MigrateHostIfDue(10 + 3_600_000, TimeSpan.FromSeconds(30)));
        Join(Coach);
        Do(_room.Leave(Id(Coach), 20));

        Assert.Equal(Id(Coach), _room.HostId);
    }

    [Fact]
    public void TheBooking_EndsTheRoom_AndTheNotesStayReadable()
    {
        Join(Coach);
        Do(_room.UpdateNotes(Id(Coach), "summary", 5));

        Do(_room.End(null, "completed", 9));

        Assert.False(_room.IsActive);
        Assert.Equal("completed", _room.EndReason);
        Assert.Equal("summary", _room.CoachingRoom!.Notes);
        Assert.Equal("session_ended", Assert.Throws<HuddleException>(() => _room.UpdateNotes(Id(Coach), "late", 10)).Code);
    }

    [Fact]
    public void IdleSince_IsNotBeforeTheBookedEnd()
    {
        Assert.Equal(EndsAt, _room.IdleSince);
        Assert.Equal(0, Support.JamBuilder.Create(at: 0).Session.IdleSince);
    }

    [Fact]
    public void RoomEvents_SurviveTheStorageFormat()
    {
        Join(Coach);
        Do(_room.UpdateNotes(Id(Coach), "line\nnext", 5));
        var replayed = new Session(_limits);

        foreach (var commit in _commits)
            replayed.Apply(commit with { Events = SessionEventJson.Deserialize(SessionEventJson.Serialize(commit.Events)) });

        Assert.Equal("line\nnext", replayed.CoachingRoom!.Notes);
        Assert.Equal(Client.AccountId, replayed.CoachingRoom.ClientId);
        Assert.Equal(EndsAt, replayed.CoachingRoom.EndsAt);
        Assert.Equal(SessionKind.Coaching, replayed.Kind);
    }

    private string Join(RoomAccount account)
    {
        Do(_room.JoinAccount(account, 1, out var id));
        return id;
    }

    private void Do(IReadOnlyList<SessionEvent> events)
    {
        if (events.Count == 0) return;
        var commit = new Commit(_room.Version + 1, 0, events);
        _commits.Add(commit);
        _room.Apply(commit);
    }
}
