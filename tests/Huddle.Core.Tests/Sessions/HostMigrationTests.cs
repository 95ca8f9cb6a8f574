using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

public class HostMigrationTests
{
    private const string Host = JamBuilder.HostId;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    [Fact]
    public void Leave_ByHost_PassesHostToEarliestJoinedPresentParticipant()
    {
        var jam = JamBuilder.Create(at: 0);
        var bob = jam.Join("Bob", at: 100);
        var cy = jam.Join("Cy", at: 200);
        jam.Join("Dee", at: 300);

        var events = jam.Do(jam.Session.Leave(Host, 1_000), 1_000);

        Assert.Equal([new ParticipantLeft(Host, 1_000), new HostChanged(bob, Host, "left")], events);
        Assert.Equal(bob, jam.Session.HostId);
        Assert.Equal(Role.Host, jam.Session.Find(bob)!.Role);
        Assert.Equal(Role.Member, jam.Session.Find(Host)!.Role);
        Assert.Equal(Role.Member, jam.Session.Find(cy)!.Role);
        Assert.Single(jam.Session.Participants, p => p.Role == Role.Host);
    }

    [Fact]
    public void Leave_ByHost_SkipsParticipantsWhoAreAbsentOrKicked()
    {
        var jam = JamBuilder.Create(at: 0);
        var bob = jam.Join("Bob", at: 100);
        var cy = jam.Join("Cy", at: 200);
        var dee = jam.Join("Dee", at: 300);
        jam.Disconnect(bob, 400);
        jam.Do(jam.Session.Kick(Host, cy));

        jam.Do(jam.Session.Leave(Host, 1_000), 1_000);

        Assert.Equal(dee, jam.Session.HostId);
    }

    [Fact]
    public void Leave_ByHost_ModeratorDoesNotJumpTheLine()
    {
        var jam = JamBuilder.Create(at: 0);
        var bob = jam.Join("Bob", at: 100);
        var cy = jam.Join("Cy", at: 200);
        jam.MakeModerator(cy);

        jam.Do(jam.Session.Leave(Host, 1_000), 1_000);

        Assert.Equal(bob, jam.Session.HostId);
        Assert.Equal(Role.Moderator, jam.Session.Find(cy)!.Role);
    }

    [Fact]
    public void Leave_ByMember_DoesNotChangeHost()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");

        var events = jam.Session.Leave(bob, 10);

        Assert.Equal([new ParticipantLeft(bob, 10)], events);
    }

    [Fact]
    public void Leave_ByHostWithNobodyElsePresent_LeavesHostVacant()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Disconnect(bob, 5);

        var events = jam.Do(jam.Session.Leave(Host, 10), 10);

        Assert.Equal([new ParticipantLeft(Host, 10), new HostChanged(null, Host, "left")], events);
        Assert.Null(jam.Session.HostId);
        Assert.Null(jam.Session.Host);
        Assert.Equal(0, jam.Session.PresentCount);
        Assert.True(jam.Session.IsActive);
    }

    [Fact]
    public void Join_WhileHostVacant_NewcomerBecomesHost()
    {
        var jam = JamBuilder.Create();
        jam.Do(jam.Session.Leave(Host, 10), 10);

        var events = jam.Session.Join("Bob", null, "p_bob", "hash-bob", 20, out _);

        Assert.Equal(new HostChanged("p_bob", null, "vacant"), events[^1]);
        jam.Do(events, 20);
        Assert.Equal("p_bob", jam.Session.HostId);
        Assert.Equal(Role.Host, jam.Session.Find("p_bob")!.Role);
    }

    [Fact]
    public void Rejoin_WhileHostVacant_ReturningParticipantBecomesHost()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Disconnect(bob, 5);
        jam.Do(jam.Session.Leave(Host, 10), 10);

        jam.Rejoin(bob, 20);

        Assert.Equal(bob, jam.Session.HostId);
    }

    [Fact]
    public void Rejoin_FormerHostAfterLeaving_WhileVacant_IsHostAgain()
    {
        var jam = JamBuilder.Create();
        jam.Do(jam.Session.Leave(Host, 10), 10);

        jam.Rejoin(Host, 20);

        Assert.Equal(Host, jam.Session.HostId);
        Assert.Equal(Role.Host, jam.Session.Find(Host)!.Role);
    }

    [Fact]
    public void SetPresence_Reconnect_WhileHostVacant_BecomesHost()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Disconnect(bob, 5);
        jam.Do(jam.Session.Leave(Host, 10), 10);

        var events = jam.Session.SetPresence(bob, true, 20);

        Assert.Equal([new PresenceChanged(bob, true, 20), new HostChanged(bob, null, "vacant")], events);
    }

    [Fact]
    public void MigrateHostIfDue_HostDisconnected_NothingBeforeGrace_HostChangedAfter()
    {
        var jam = JamBuilder.Create(at: 0);
        var bob = jam.Join("Bob", at: 100);
        jam.Join("Cy", at: 200);
        jam.Disconnect(Host, 1_000);

        Assert.Empty(jam.Session.MigrateHostIfDue(1_000, Grace));
        Assert.Empty(jam.Session.MigrateHostIfDue(30_999, Grace));
        var events = jam.Session.MigrateHostIfDue(31_000, Grace);

        Assert.Equal([new HostChanged(bob, Host, "host_absent")], events);
        jam.Do(events, 31_000);
        Assert.Equal(bob, jam.Session.HostId);
        Assert.Equal(Role.Member, jam.Session.Find(Host)!.Role);
    }

    [Fact]
    public void MigrateHostIfDue_HostBackInTime_NoMigration()
    {
        var jam = JamBuilder.Create(at: 0);
        jam.Join("Bob", at: 100);
        jam.Disconnect(Host, 1_000);

        jam.Rejoin(Host, 20_000);

        Assert.Empty(jam.Session.MigrateHostIfDue(100_000, Grace));
        Assert.Equal(Host, jam.Session.HostId);
    }

    [Fact]
    public void MigrateHostIfDue_GraceCountsFromLastDisconnect()
    {
        var jam = JamBuilder.Create(at: 0);
        jam.Join("Bob", at: 100);
        jam.Disconnect(Host, 1_000);
        jam.Rejoin(Host, 2_000);
        jam.Disconnect(Host, 20_000);

        Assert.Empty(jam.Session.MigrateHostIfDue(49_999, Grace));
        Assert.NotEmpty(jam.Session.MigrateHostIfDue(50_000, Grace));
    }

    [Fact]
    public void MigrateHostIfDue_HostPresent_Nothing()
    {
        var jam = JamBuilder.Create(at: 0);
        jam.Join("Bob", at: 100);

        Assert.Empty(jam.Session.MigrateHostIfDue(long.MaxValue / 2, Grace));
    }

    [Fact]
    public void MigrateHostIfDue_NobodyElsePresent_Nothing()
    {
        var jam = JamBuilder.Create(at: 0);
        var bob = jam.Join("Bob", at: 100);
        jam.Disconnect(bob, 500);
        jam.Disconnect(Host, 1_000);

        Assert.Empty(jam.Session.MigrateHostIfDue(1_000_000, Grace));
        Assert.Equal(Host, jam.Session.HostId);
    }

    [Fact]
    public void MigrateHostIfDue_SomeoneReturnsAfterGrace_TheyBecomeHost()
    {
        var jam = JamBuilder.Create(at: 0);
        var bob = jam.Join("Bob", at: 100);
        jam.Disconnect(bob, 500);
        jam.Disconnect(Host, 1_000);
        jam.Rejoin(bob, 100_000);

        Assert.Equal([new HostChanged(bob, Host, "host_absent")], jam.Session.MigrateHostIfDue(100_000, Grace));
    }

    [Fact]
    public void MigrateHostIfDue_ZeroGrace_MigratesImmediately()
    {
        var jam = JamBuilder.Create(at: 0);
        var bob = jam.Join("Bob", at: 100);
        jam.Disconnect(Host, 1_000);

        Assert.Equal([new HostChanged(bob, Host, "host_absent")], jam.Session.MigrateHostIfDue(1_000, TimeSpan.Zero));
    }

    [Fact]
    public void SetPresence_HostDisconnects_NoImmediateHostChange()
    {
        var jam = JamBuilder.Create(at: 0);
        jam.Join("Bob", at: 100);

        var events = jam.Session.SetPresence(Host, false, 1_000);

        Assert.Equal([new PresenceChanged(Host, false, 1_000)], events);
        jam.Do(events, 1_000);
        Assert.Equal(Host, jam.Session.HostId);
        Assert.Equal(1_000, jam.Session.Find(Host)!.LastSeenAt);
    }
}
