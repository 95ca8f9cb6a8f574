using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

public class JoinTests
{
    private const string Host = JamBuilder.HostId;

    [Fact]
    public void Create_MakesTheCreatorHostOfAnActiveSession()
    {
        var limits = new HuddleLimits();
        var session = new Session(limits);
        var settings = SessionSettings.Defaults(limits);

        var events = Session.Create(JamBuilder.SessionId, "ABCDEF", SessionKind.Jam, "Jam", settings, "p_h", "Hana", "hash", 1_000);
        session.Apply(new Commit(1, 1_000, events));

        Assert.Equal(JamBuilder.SessionId, session.Id);
        Assert.Equal("ABCDEF", session.Code);
        Assert.Equal(SessionKind.Jam, session.Kind);
        Assert.Equal("Jam", session.Title);
        Assert.Equal(SessionStatus.Active, session.Status);
        Assert.Equal(settings, session.Settings);
        Assert.Equal(1_000, session.CreatedAt);
        Assert.Equal(1, session.Version);
        Assert.Equal("p_h", session.HostId);
        var host = Assert.Single(session.Participants);
        Assert.Equal(Role.Host, host.Role);
        Assert.Equal("Hana", host.Name);
        Assert.Equal("hash", host.TokenHash);
        Assert.Same(host, session.Host);
    }

    [Fact]
    public void Defaults_MatchTheSpec()
    {
        var settings = SessionSettings.Defaults(new HuddleLimits());

        Assert.Equal(new SessionSettings(true, 50, true, 0.5, true, false, 50), settings);
    }

    [Fact]
    public void Join_NewName_AddsPresentMember()
    {
        var jam = JamBuilder.Create();

        var events = jam.Session.Join("  Bob  ", null, "p_bob", "hash-bob", 500, out var id);

        Assert.Equal("p_bob", id);
        Assert.Equal(
            [new ParticipantJoined("p_bob", "Bob", "hash-bob", 500), new PresenceChanged("p_bob", true, 500)],
            events);
        jam.Do(events, 500);
        var bob = jam.Session.Find("p_bob")!;
        Assert.Equal("Bob", bob.Name);
        Assert.Equal(Role.Member, bob.Role);
        Assert.True(bob.Present);
        Assert.Equal(500, bob.JoinedAt);
        Assert.Equal(2, jam.Session.PresentCount);
    }

    [Fact]
    public void Join_WithKnownToken_ReturnsSameParticipantWithRoleAndVotesKept()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.MakeModerator(bob);
        var item = jam.Add(Host, "s1");
        jam.Vote(bob, item, 1);
        jam.Disconnect(bob, 1_000);

        var events = jam.Session.Join(null, JamBuilder.TokenHash(bob), "p_new", "hash-new", 2_000, out var id);

        Assert.Equal(bob, id);
        Assert.Equal([new PresenceChanged(bob, true, 2_000)], events);
        jam.Do(events, 2_000);
        Assert.Equal(2, jam.Session.Participants.Count);
        var again = jam.Session.Find(bob)!;
        Assert.True(again.Present);
        Assert.Equal(Role.Moderator, again.Role);
        Assert.Equal(1, jam.Session.FindItem(item)!.VoteOf(bob));
        Assert.Null(jam.Session.Find("p_new"));
    }

    [Fact]
    public void Join_WithKnownTokenAndAName_IgnoresTheNameAndKeepsIdentity()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Disconnect(bob);

        jam.Do(jam.Session.Join("Robert", JamBuilder.TokenHash(bob), "p_new", "hash-new", 0, out var id));

        Assert.Equal(bob, id);
        Assert.Equal("Bob", jam.Session.Find(bob)!.Name);
    }

    [Fact]
    public void Join_WithKnownTokenWhileAlreadyPresent_CommitsOnlyPresence()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");

        var events = jam.Session.Join(null, JamBuilder.TokenHash(bob), "p_new", "hash-new", 7, out var id);

        // A second connection still changes the version, so a racing presence check elsewhere retries.
        Assert.Equal(bob, id);
        Assert.Equal([new PresenceChanged(bob, true, 7)], events);
    }

    [Fact]
    public void Join_HostReloadsPage_StaysHost()
    {
        var jam = JamBuilder.Create();
        jam.Join("Bob");
        jam.Disconnect(Host, 1_000);

        jam.Rejoin(Host, 2_000);

        Assert.Equal(Host, jam.Session.HostId);
        Assert.Equal(Role.Host, jam.Session.Find(Host)!.Role);
        Assert.True(jam.Session.Find(Host)!.Present);
    }

    [Fact]
    public void Join_AfterLeaving_WithToken_IsPresentAgain()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Do(jam.Session.Leave(bob, 10));
        Assert.True(jam.Session.Find(bob)!.Left);

        jam.Rejoin(bob, 20);

        var back = jam.Session.Find(bob)!;
        Assert.True(back.Present);
        Assert.False(back.Left);
    }

    [Fact]
    public void Join_KickedParticipantWithToken_IsRejectedAsBanned()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Do(jam.Session.Kick(Host, bob));

        var error = HuddleAssert.Rejects(jam.Session, "banned",
            () => jam.Session.Join(null, JamBuilder.TokenHash(bob), "p_new", "hash-new", 0, out _));
        Assert.Equal(ErrorKind.NotAllowed, error.Kind);
    }

    [Fact]
    public void Join_UnknownTokenWithoutName_IsRejectedAsInvalidToken()
    {
        var jam = JamBuilder.Create();

        HuddleAssert.Rejects(jam.Session, "invalid_token",
            () => jam.Session.Join(null, "hash-unknown", "p_new", "hash-new", 0, out _));
    }

    [Fact]
    public void Join_UnknownTokenWithName_JoinsAsNewParticipant()
    {
        var jam = JamBuilder.Create();

        jam.Do(jam.Session.Join("Bob", "hash-unknown", "p_new", "hash-new", 0, out var id));

        Assert.Equal("p_new", id);
        Assert.Equal("hash-new", jam.Session.Find("p_new")!.TokenHash);
        Assert.Null(jam.Session.FindByTokenHash("hash-unknown"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abcdefghijklmnopqrstu")] // 21 characters
    [InlineData("Bo\u0001b")]
    [InlineData("Bob\nSmith")]
    [InlineData("Tab\tby")]
    [InlineData("Del\u007f")]
    public void Join_InvalidName_IsRejectedAsInvalidName(string name)
    {
        var jam = JamBuilder.Create();

        HuddleAssert.Rejects(jam.Session, "invalid_name",
            () => jam.Session.Join(name, null, "p_new", "hash-new", 0, out _));
    }

    [Fact]
    public void Join_NoNameNoToken_IsRejectedAsInvalidName()
    {
        var jam = JamBuilder.Create();

        HuddleAssert.Rejects(jam.Session, "invalid_name",
            () => jam.Session.Join(null, null, "p_new", "hash-new", 0, out _));
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrst", "abcdefghijklmnopqrst")] // exactly 20
    [InlineData("  abcdefghijklmnopqrst  ", "abcdefghijklmnopqrst")] // 20 after trimming
    [InlineData("A", "A")]
    [InlineData("Zoë 🎧", "Zoë 🎧")]
    public void Join_NameWithinLimits_IsTrimmedAndAccepted(string name, string stored)
    {
        var jam = JamBuilder.Create();

        jam.Do(jam.Session.Join(name, null, "p_new", "hash-new", 0, out _));

        Assert.Equal(stored, jam.Session.Find("p_new")!.Name);
    }

    [Fact]
    public void Validate_Name_HonoursConfiguredLimit()
    {
        var limits = new HuddleLimits { NameMaxLength = 5 };

        Assert.Equal("Abcde", Validate.Name("Abcde", limits));
        Assert.Equal("invalid_name", Assert.Throws<HuddleException>(() => Validate.Name("Abcdef", limits)).Code);
    }

    [Fact]
    public void Validate_Title_IsOptionalButLimited()
    {
        var limits = new HuddleLimits();

        Assert.Equal("", Validate.Title(null, limits));
        Assert.Equal("", Validate.Title("   ", limits));
        Assert.Equal("Friday", Validate.Title(" Friday ", limits));
        Assert.Equal(new string('t', 80), Validate.Title(new string('t', 80), limits));
        Assert.Equal("invalid_title", Assert.Throws<HuddleException>(() => Validate.Title(new string('t', 81), limits)).Code);
        Assert.Equal("invalid_title", Assert.Throws<HuddleException>(() => Validate.Title("a\u0000b", limits)).Code);
    }

    [Fact]
    public void Join_SessionFull_IsRejectedAsSessionFull()
    {
        var jam = JamBuilder.Create(new SettingsPatch(MaxParticipants: 3));
        jam.Join("Bob");
        jam.Join("Cy");

        HuddleAssert.Rejects(jam.Session, "session_full",
            () => jam.Session.Join("Dee", null, "p_dee", "hash-dee", 0, out _));
    }

    [Fact]
    public void Join_SessionFull_CountsOnlyPresentParticipants()
    {
        var jam = JamBuilder.Create(new SettingsPatch(MaxParticipants: 3));
        jam.Join("Bob");
        var cy = jam.Join("Cy");
        jam.Disconnect(cy);

        jam.Join("Dee");

        Assert.Equal(3, jam.Session.PresentCount);
    }

    [Fact]
    public void Join_RejoinWhileFull_IsRejectedAsSessionFull()
    {
        var jam = JamBuilder.Create(new SettingsPatch(MaxParticipants: 2));
        var bob = jam.Join("Bob");
        jam.Disconnect(bob);
        jam.Join("Cy");

        HuddleAssert.Rejects(jam.Session, "session_full",
            () => jam.Session.Join(null, JamBuilder.TokenHash(bob), "p_x", "hash-x", 0, out _));
    }

    [Fact]
    public void Join_AlreadyPresentParticipantWhileFull_IsStillAccepted()
    {
        var jam = JamBuilder.Create(new SettingsPatch(MaxParticipants: 2));
        var bob = jam.Join("Bob");

        Assert.Equal([new PresenceChanged(bob, true, 0)], jam.Session.Join(null, JamBuilder.TokenHash(bob), "p_x", "hash-x", 0, out var id));
        Assert.Equal(bob, id);
    }

    [Fact]
    public void Join_EndedSession_IsRejectedAsSessionEnded()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Disconnect(bob);
        jam.Do(jam.Session.End(Host, "host", 0));

        HuddleAssert.Rejects(jam.Session, "session_ended",
            () => jam.Session.Join("Cy", null, "p_cy", "hash-cy", 0, out _));
        HuddleAssert.Rejects(jam.Session, "session_ended",
            () => jam.Session.Join(null, JamBuilder.TokenHash(bob), "p_x", "hash-x", 0, out _));
    }

    [Fact]
    public void SetPresence_SameValue_ReturnsNoEvents()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");

        Assert.Empty(jam.Session.SetPresence(bob, true, 0));
        Assert.Empty(jam.Session.SetPresence("p_ghost", false, 0));
    }

    [Fact]
    public void SetPresence_ParticipantWhoLeft_ComesBackOnlyByJoining()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Do(jam.Session.Leave(bob, 0));

        Assert.Empty(jam.Session.SetPresence(bob, true, 10));
    }

    [Fact]
    public void SetPresence_KickedParticipant_ReturnsNoEvents()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Do(jam.Session.Kick(Host, bob));

        Assert.Empty(jam.Session.SetPresence(bob, true, 10));
    }

    [Fact]
    public void Leave_Twice_SecondReturnsNoEvents()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Do(jam.Session.Leave(bob, 0));

        Assert.Empty(jam.Session.Leave(bob, 1));
    }

    [Fact]
    public void Kick_RemovesTheKickedParticipantsVotes_AndReordersTheQueue()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var first = jam.Add(JamBuilder.HostId, "s1");
        var second = jam.Add(JamBuilder.HostId, "s2");
        jam.Vote(bob, second, 1);
        Assert.Equal([second, first], jam.QueueIds());

        jam.Do(jam.Session.Kick(JamBuilder.HostId, bob));

        Assert.Equal([first, second], jam.QueueIds());
        Assert.Equal(0, jam.Session.FindItem(second)!.Upvotes);
    }

    [Theory]
    [InlineData("\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600")]
    [InlineData("Zo\u00EB Martin")]
    public void Join_NameLength_CountsVisibleCharacters(string name)
    {
        var jam = JamBuilder.Create();

        var events = jam.Session.Join(name, null, "p_new", "h_new", 0, out _);

        Assert.Equal(name, Assert.IsType<ParticipantJoined>(events[0]).Name);
    }

    [Theory]
    [InlineData("\u200B\u200B")]
    [InlineData("\u200D")]
    public void Join_InvisibleName_IsRejected(string name)
    {
        var jam = JamBuilder.Create();

        HuddleAssert.Rejects(jam.Session, "invalid_name", () => jam.Session.Join(name, null, "p_new", "h_new", 0, out _));
    }
}
