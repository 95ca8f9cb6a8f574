using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

/// <summary>A kick is a ban for the session, by participant (token) and by device, until the host lifts it.</summary>
public class BanTests
{
    private const string Host = JamBuilder.HostId;
    private const string BensDevice = "device-hash-ben";

    private static (JamBuilder Jam, string Ben) KickedBen()
    {
        var jam = JamBuilder.Create();
        var ben = JoinFromDevice(jam, "Ben", BensDevice);
        jam.Do(jam.Session.Kick(Host, ben));
        return (jam, ben);
    }

    private static string JoinFromDevice(JamBuilder jam, string name, string deviceHash)
    {
        var id = JamBuilder.IdOf(name);
        jam.Do(jam.Session.Join(name, null, deviceHash, id, JamBuilder.TokenHash(id), 0, out _));
        return id;
    }

    [Fact]
    public void Join_AfterKick_WithTheToken_IsBanned()
    {
        var (jam, ben) = KickedBen();

        HuddleAssert.Rejects(jam.Session, "banned", () => jam.Session.Join(null, JamBuilder.TokenHash(ben), BensDevice, "p_new", "hash-new", 1, out _));
        HuddleAssert.Rejects(jam.Session, "banned", () => jam.Session.Join("Ben", JamBuilder.TokenHash(ben), null, "p_new", "hash-new", 1, out _));
    }

    [Fact]
    public void Join_AfterKick_ByNewNameFromTheSameDevice_IsBanned()
    {
        var (jam, _) = KickedBen();

        HuddleAssert.Rejects(jam.Session, "banned", () => jam.Session.Join("Benjamin", null, BensDevice, "p_new", "hash-new", 1, out _));
    }

    [Fact]
    public void Join_AfterKick_FromAnotherDevice_IsAllowed()
    {
        var (jam, _) = KickedBen();

        Assert.NotEmpty(jam.Session.Join("Cy", null, "device-hash-cy", "p_cy", "hash-cy", 1, out var id));
        Assert.Equal("p_cy", id);
    }

    [Fact]
    public void Join_WithOwnToken_FromABannedDevice_IsAllowed()
    {
        // Two people on one browser: the ban of one does not lock the other out.
        var jam = JamBuilder.Create();
        var ann = JoinFromDevice(jam, "Ann", BensDevice);
        var ben = JoinFromDevice(jam, "Ben", BensDevice);
        jam.Do(jam.Session.Kick(Host, ben));
        jam.Disconnect(ann);

        Assert.NotEmpty(jam.Session.Join(null, JamBuilder.TokenHash(ann), BensDevice, "p_new", "hash-new", 1, out var id));
        Assert.Equal(ann, id);
    }

    [Fact]
    public void Unban_ThenJoin_WorksByTokenAndByDevice()
    {
        var (jam, ben) = KickedBen();

        var events = jam.Do(jam.Session.Unban(Host, ben));

        Assert.Equal([new ParticipantUnbanned(ben)], events);
        Assert.Empty(jam.Session.Bans);
        Assert.False(jam.Session.Find(ben)!.Present);
        Assert.NotEmpty(jam.Session.Join("Benjamin", null, BensDevice, "p_benjamin", "hash-benjamin", 1, out _));
        jam.Do(jam.Session.Join(null, JamBuilder.TokenHash(ben), BensDevice, "p_new", "hash-new", 1, out var id));
        Assert.Equal(ben, id);
        Assert.True(jam.Session.Find(ben)!.Present);
    }

    [Fact]
    public void Unban_NotBanned_ChangesNothing()
    {
        var jam = JamBuilder.Create();
        var ben = jam.Join("Ben");

        Assert.Empty(jam.Session.Unban(Host, ben));
    }

    [Fact]
    public void Unban_ByNonHost_IsRejectedAndChangesNothing()
    {
        var (jam, ben) = KickedBen();
        var mod = jam.Join("Mo");
        jam.Do(jam.Session.SetRole(Host, mod, Role.Moderator));

        HuddleAssert.Rejects(jam.Session, "not_allowed", () => jam.Session.Unban(mod, ben));
        HuddleAssert.Rejects(jam.Session, "not_allowed", () => jam.Session.ListBans(mod));
        HuddleAssert.Rejects(jam.Session, "participant_not_found", () => jam.Session.Unban(Host, "p_ghost"));
        Assert.Equal([ben], jam.Session.Bans.Select(p => p.Id));
    }

    [Fact]
    public void ListBans_AfterTheSessionEnded_StillAnswersTheHost()
    {
        var (jam, ben) = KickedBen();
        jam.Do(jam.Session.End(Host, "ended_by_host", 1));

        Assert.Equal([ben], jam.Session.ListBans(Host).Select(p => p.Id));
        HuddleAssert.Rejects(jam.Session, "session_ended", () => jam.Session.Unban(Host, ben));
    }

    [Fact]
    public void Bans_AreRebuiltFromTheLog()
    {
        var (jam, ben) = KickedBen();
        var replayed = new Session(jam.Limits);
        foreach (var commit in jam.Commits)
        {
            replayed.Apply(new Commit(commit.Version, commit.At, SessionEventJson.Deserialize(SessionEventJson.Serialize(commit.Events))));
        }

        Assert.Equal([ben], replayed.ListBans(Host).Select(p => p.Id));
        HuddleAssert.Rejects(replayed, "banned", () => replayed.Join("Benjamin", null, BensDevice, "p_new", "hash-new", 1, out _));
    }
}
