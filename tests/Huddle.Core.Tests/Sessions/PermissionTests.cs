using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

/// <summary>Who is acting, as the columns of SPEC §2's permission matrix.</summary>
public enum Actor
{
    Member,
    ItemOwner,
    Moderator,
    Host,
}

/// <summary>The rows of SPEC §2's permission matrix that are restricted.</summary>
public enum Act
{
    RemoveOwnItem,
    RemoveAnyItem,
    PlayNext,
    UpdatePlayback,
    UpdateSettings,
    SetRole,
    Kick,
    TransferHost,
    End,
}

public class PermissionTests
{
    private const string OwnItem = "i_own";
    private const string OtherItem = "i_other";

    /// <summary>SPEC §2, cell by cell (✓ = true).</summary>
    public static TheoryData<Actor, Act, bool> Matrix()
    {
        var data = new TheoryData<Actor, Act, bool>();
        void Row(Act act, bool member, bool owner, bool moderator, bool host)
        {
            data.Add(Actor.Member, act, member);
            data.Add(Actor.ItemOwner, act, owner);
            data.Add(Actor.Moderator, act, moderator);
            data.Add(Actor.Host, act, host);
        }

        Row(Act.RemoveOwnItem, member: false, owner: true, moderator: true, host: true);
        Row(Act.RemoveAnyItem, member: false, owner: false, moderator: true, host: true);
        Row(Act.PlayNext, member: false, owner: false, moderator: true, host: true);
        Row(Act.UpdatePlayback, member: false, owner: false, moderator: true, host: true);
        Row(Act.UpdateSettings, member: false, owner: false, moderator: false, host: true);
        Row(Act.SetRole, member: false, owner: false, moderator: false, host: true);
        Row(Act.Kick, member: false, owner: false, moderator: false, host: true);
        Row(Act.TransferHost, member: false, owner: false, moderator: false, host: true);
        Row(Act.End, member: false, owner: false, moderator: false, host: true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void PermissionMatrix_EveryCell_AllowsOrRejectsAsSpecified(Actor actor, Act act, bool allowed)
    {
        var (jam, actorId, targetId) = Setup(actor);
        var s = jam.Session;
        Func<IReadOnlyList<SessionEvent>> command = act switch
        {
            // "Own item" is the item owner's; for the member column it is someone else's item.
            Act.RemoveOwnItem => () => s.RemoveFromQueue(actorId, OwnItem),
            Act.RemoveAnyItem => () => s.RemoveFromQueue(actorId, OtherItem),
            Act.PlayNext => () => s.PlayNext(actorId, 5_000),
            Act.UpdatePlayback => () => s.UpdatePlayback(actorId, false, 42, 5_000),
            Act.UpdateSettings => () => s.UpdateSettings(actorId, new SettingsPatch(AllowVoting: false)),
            Act.SetRole => () => s.SetRole(actorId, targetId, Role.Moderator),
            Act.Kick => () => s.Kick(actorId, targetId),
            Act.TransferHost => () => s.TransferHost(actorId, targetId),
            Act.End => () => s.End(actorId, "host", 5_000),
        };

        if (!allowed)
        {
            var error = HuddleAssert.Rejects(s, "not_allowed", () => command());
            Assert.Equal(ErrorKind.NotAllowed, error.Kind);
            return;
        }

        var events = command();
        var expected = act switch
        {
            Act.RemoveOwnItem or Act.RemoveAnyItem => typeof(ItemRemoved),
            Act.PlayNext => typeof(NowPlayingChanged),
            Act.UpdatePlayback => typeof(PlaybackChanged),
            Act.UpdateSettings => typeof(SettingsChanged),
            Act.SetRole => typeof(RoleChanged),
            Act.Kick => typeof(ParticipantKicked),
            Act.TransferHost => typeof(HostChanged),
            Act.End => typeof(SessionEnded),
        };
        Assert.IsType(expected, Assert.Single(events));
        jam.Do(events, 5_000);
    }

    [Theory]
    [InlineData(Actor.Member)]
    [InlineData(Actor.ItemOwner)]
    [InlineData(Actor.Moderator)]
    [InlineData(Actor.Host)]
    public void EveryRole_MayAddToQueueAndVote(Actor actor)
    {
        var (jam, actorId, _) = Setup(actor);

        var added = jam.Session.AddToQueue(actorId, JamBuilder.Song("s_new"), "i_new", 5_000);
        var voted = jam.Session.Vote(actorId, OtherItem, 1);

        Assert.IsType<ItemAdded>(Assert.Single(added));
        Assert.Equal([new VoteCast(OtherItem, actorId, 1)], voted);
    }

    [Fact]
    public void Moderator_AfterRoleRevoked_LosesModeratorRights()
    {
        var (jam, moderator, _) = Setup(Actor.Moderator);
        jam.Do(jam.Session.SetRole(JamBuilder.HostId, moderator, Role.Member));

        HuddleAssert.Rejects(jam.Session, "not_allowed", () => jam.Session.PlayNext(moderator, 1));
    }

    [Fact]
    public void SetRole_ToHost_IsRejectedInFavourOfTransferHost()
    {
        var (jam, _, target) = Setup(Actor.Host);

        HuddleAssert.Rejects(jam.Session, "invalid_input", () => jam.Session.SetRole(JamBuilder.HostId, target, Role.Host));
    }

    [Fact]
    public void SetRole_SameRoleAgain_ReturnsNoEvents()
    {
        var (jam, moderator, _) = Setup(Actor.Moderator);

        Assert.Empty(jam.Session.SetRole(JamBuilder.HostId, moderator, Role.Moderator));
    }

    [Fact]
    public void SetRole_Granted_ChangesTheTargetsRole()
    {
        var (jam, _, target) = Setup(Actor.Host);

        jam.Do(jam.Session.SetRole(JamBuilder.HostId, target, Role.Moderator));

        Assert.Equal(Role.Moderator, jam.Session.Find(target)!.Role);
        Assert.NotEmpty(jam.Session.PlayNext(target, 1 + Session.DoubleNextWindowMs * 10));
    }

    [Fact]
    public void HostActingOnThemself_IsRejected()
    {
        var (jam, host, _) = Setup(Actor.Host);

        HuddleAssert.Rejects(jam.Session, "invalid_input", () => jam.Session.Kick(host, host));
        HuddleAssert.Rejects(jam.Session, "invalid_input", () => jam.Session.TransferHost(host, host));
        HuddleAssert.Rejects(jam.Session, "invalid_input", () => jam.Session.SetRole(host, host, Role.Member));
    }

    [Fact]
    public void TargetNotInSession_IsRejectedAsParticipantNotFound()
    {
        var (jam, host, _) = Setup(Actor.Host);

        HuddleAssert.Rejects(jam.Session, "participant_not_found", () => jam.Session.Kick(host, "p_ghost"));
        HuddleAssert.Rejects(jam.Session, "participant_not_found", () => jam.Session.TransferHost(host, "p_ghost"));
        HuddleAssert.Rejects(jam.Session, "participant_not_found", () => jam.Session.SetRole(host, "p_ghost", Role.Moderator));
    }

    [Fact]
    public void UnknownActor_IsRejectedAsNotJoined()
    {
        var (jam, _, _) = Setup(Actor.Host);

        HuddleAssert.Rejects(jam.Session, "not_joined", () => jam.Session.AddToQueue("p_ghost", JamBuilder.Song("s9"), "i_s9", 0));
        HuddleAssert.Rejects(jam.Session, "not_joined", () => jam.Session.Vote("p_ghost", OtherItem, 1));
    }

    [Fact]
    public void TransferHost_ToPresentParticipant_SwapsRoles()
    {
        var (jam, host, target) = Setup(Actor.Host);

        var events = jam.Do(jam.Session.TransferHost(host, target));

        Assert.Equal([new HostChanged(target, host, "transferred")], events);
        Assert.Equal(target, jam.Session.HostId);
        Assert.Equal(Role.Host, jam.Session.Find(target)!.Role);
        Assert.Equal(Role.Member, jam.Session.Find(host)!.Role);
        HuddleAssert.Rejects(jam.Session, "not_allowed", () => jam.Session.End(host, "host", 1));
    }

    [Fact]
    public void TransferHost_ToAbsentParticipant_IsRejected()
    {
        var (jam, host, target) = Setup(Actor.Host);
        jam.Disconnect(target);

        HuddleAssert.Rejects(jam.Session, "participant_absent", () => jam.Session.TransferHost(host, target));
    }

    [Fact]
    public void Kick_Target_IsRemovedAndCannotAct()
    {
        var (jam, host, target) = Setup(Actor.Host);

        jam.Do(jam.Session.Kick(host, target));

        var kicked = jam.Session.Find(target)!;
        Assert.True(kicked.Kicked);
        Assert.False(kicked.Present);
        HuddleAssert.Rejects(jam.Session, "not_joined", () => jam.Session.Vote(target, OwnItem, 1));
        Assert.Empty(jam.Session.Kick(host, target));
    }

    [Fact]
    public void Kick_Moderator_LosesModeratorRole()
    {
        var (jam, moderator, _) = Setup(Actor.Moderator);

        jam.Do(jam.Session.Kick(JamBuilder.HostId, moderator));

        Assert.Equal(Role.Member, jam.Session.Find(moderator)!.Role);
    }

    [Fact]
    public void UpdateSettings_NoChange_ReturnsNoEvents()
    {
        var (jam, host, _) = Setup(Actor.Host);

        Assert.Empty(jam.Session.UpdateSettings(host, new SettingsPatch(AllowVoting: true)));
    }

    [Fact]
    public void End_ByHost_EndsTheSession()
    {
        var (jam, host, _) = Setup(Actor.Host);

        var events = jam.Do(jam.Session.End(host, "host", 7_000), 7_000);

        Assert.Equal([new SessionEnded("host", 7_000)], events);
        Assert.Equal(SessionStatus.Ended, jam.Session.Status);
        Assert.False(jam.Session.IsActive);
        Assert.Equal(7_000, jam.Session.EndedAt);
        Assert.Equal("host", jam.Session.EndReason);
    }

    [Fact]
    public void End_BySystem_NeedsNoActor()
    {
        var jam = JamBuilder.Create();

        jam.Do(jam.Session.End(null, "inactive", 9));

        Assert.Equal("inactive", jam.Session.EndReason);
    }

    /// <summary>
    /// A playing session with: host, a moderator, the owner of <see cref="OwnItem"/> (a member),
    /// a plain member, and a member target who owns <see cref="OtherItem"/>. All present.
    /// </summary>
    private static (JamBuilder Jam, string ActorId, string TargetId) Setup(Actor actor)
    {
        var jam = JamBuilder.Create();
        var moderator = jam.Join("Mo");
        var owner = jam.Join("Olive");
        var member = jam.Join("Max");
        var target = jam.Join("Tess");
        jam.MakeModerator(moderator);
        jam.Add(JamBuilder.HostId, "s_playing", at: 100);
        jam.PlayNext(at: 100);
        jam.Do(jam.Session.AddToQueue(owner, JamBuilder.Song("s_own"), OwnItem, 200));
        jam.Do(jam.Session.AddToQueue(target, JamBuilder.Song("s_other"), OtherItem, 300));
        var actorId = actor switch
        {
            Actor.Member => member,
            Actor.ItemOwner => owner,
            Actor.Moderator => moderator,
            Actor.Host => JamBuilder.HostId,
        };
        return (jam, actorId, target);
    }
}
