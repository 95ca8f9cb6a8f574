using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

/// <summary>Presence follows the connections recorded by every node (after restarts and node deaths).</summary>
public class PresenceSyncTests
{
    private const string Host = JamBuilder.HostId;

    [Fact]
    public void SyncPresence_PresentWithoutConnection_BecomesAbsent()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");

        var events = jam.Do(jam.Session.SyncPresence(Set(Host), 500), 500);

        Assert.Equal([new PresenceChanged(bob, false, 500)], events);
        Assert.False(jam.Session.Find(bob)!.Present);
        Assert.Equal(500, jam.Session.Find(bob)!.LastSeenAt);
    }

    [Fact]
    public void SyncPresence_AbsentWithConnection_BecomesPresent()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Disconnect(bob, 100);

        Assert.Equal([new PresenceChanged(bob, true, 200)], jam.Do(jam.Session.SyncPresence(Set(Host, bob), 200), 200));
    }

    [Fact]
    public void SyncPresence_AlreadyInLine_ReturnsNoEvents()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var cy = jam.Join("Cy");
        jam.Disconnect(cy);

        Assert.Empty(jam.Session.SyncPresence(Set(Host, bob), 10));
    }

    [Fact]
    public void SyncPresence_NobodyConnected_MarksEveryoneAbsentAndKeepsTheHost()
    {
        var jam = JamBuilder.Create();
        jam.Join("Bob");

        jam.Do(jam.Session.SyncPresence(Set(), 10), 10);

        Assert.All(jam.Session.Participants, p => Assert.False(p.Present));
        Assert.Equal(Host, jam.Session.HostId);
    }

    [Fact]
    public void SyncPresence_LeftOrKickedParticipantWithAStaleConnection_StaysOut()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var cy = jam.Join("Cy");
        jam.Do(jam.Session.Leave(bob, 10));
        jam.Do(jam.Session.Kick(Host, cy));

        Assert.Empty(jam.Session.SyncPresence(Set(Host, bob, cy), 20));
    }

    [Fact]
    public void SyncPresence_VacantHostAndSomeoneBack_GivesThemTheHostRole()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Disconnect(bob, 10);
        jam.Do(jam.Session.Leave(Host, 20));
        Assert.Null(jam.Session.HostId);

        var events = jam.Do(jam.Session.SyncPresence(Set(bob), 30), 30);

        Assert.Equal([new PresenceChanged(bob, true, 30), new HostChanged(bob, null, "vacant")], events);
        Assert.Equal(bob, jam.Session.HostId);
    }

    [Fact]
    public void SyncPresence_EndedSession_ReturnsNoEvents()
    {
        var jam = JamBuilder.Create();
        jam.Join("Bob");
        jam.Do(jam.Session.End(Host, "done", 10));

        Assert.Empty(jam.Session.SyncPresence(Set(), 20));
    }

    private static HashSet<string> Set(params string[] ids) => new(ids, StringComparer.Ordinal);
}
