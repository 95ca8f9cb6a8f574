using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Hub;

/// <summary>Roles, presence and the host's grace period, on a fake clock (time moves only when a test says so).</summary>
public sealed class RolesAndPresenceTests() : FakeClockTest(Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Huddle:Engine:HostGracePeriod"] = "00:00:30",
    };

    [Fact]
    public async Task HostLeaves_HostPassesToEarliestJoinedPresent_Immediately()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var first = await Server.JoinAsync(session.Code, "First");
        var second = await Server.JoinAsync(session.Code, "Second");

        await host.Send("LeaveSession");

        var changed = await second.WaitFor("hostChanged", timeoutMs: 1000);
        Assert.Equal(first.ParticipantId, changed.Str("participantId"));
        Assert.Equal("left", changed.Str("reason"));
        Assert.Equal("host", (await first.SnapshotAsync()).GetProperty("you").Str("role"));
        await first.Send("PlayNext").ContinueWith(_ => { }, TaskScheduler.Default);
        await second.RejectedAsync("not_allowed", "EndSession");
    }

    [Fact]
    public async Task HostDisconnects_HostMovesOnlyAfterGracePeriod()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");

        await host.Connection.StopAsync();

        await guest.WaitFor("participantLeft", e => e.Str("participantId") == session.HostId);
        Time.Advance(TimeSpan.FromSeconds(29));
        await Server.RunDueWorkAsync();
        await guest.SyncAsync();
        Assert.DoesNotContain(guest.Events, e => e.Name == "hostChanged");

        Time.Advance(TimeSpan.FromSeconds(2));
        var changed = await guest.WaitFor("hostChanged");
        Assert.Equal(guest.ParticipantId, changed.Str("participantId"));
        Assert.Equal("host_absent", changed.Str("reason"));
    }

    [Fact]
    public async Task HostReconnectsWithinGrace_KeepsHostRole()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");

        await host.Connection.StopAsync();
        await guest.WaitFor("participantLeft", e => e.Str("participantId") == session.HostId);
        Time.Advance(TimeSpan.FromSeconds(20));
        var back = await Server.ConnectAsync();
        await back.JoinAsync(session.Code, null, session.HostToken);
        Time.Advance(TimeSpan.FromMinutes(1)); // well past the grace period the host left in
        await Server.RunDueWorkAsync();
        await guest.SyncAsync();

        Assert.Equal("host", back.Snapshot.GetProperty("you").Str("role"));
        Assert.Equal(session.HostId, back.ParticipantId);
        Assert.DoesNotContain(guest.Events, e => e.Name == "hostChanged");
    }

    [Fact]
    public async Task HostDisconnects_GuestsLearnSinceWhenAndTheHandoverDeadline_UntilTheHostIsBack()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");
        Assert.False(guest.Snapshot.TryGetProperty("hostAway", out _));

        Time.Advance(TimeSpan.FromSeconds(5));
        var awaySince = Time.GetUtcNow().ToUnixTimeMilliseconds();
        await host.Connection.StopAsync();

        var left = await guest.WaitFor("participantLeft", e => e.Str("participantId") == session.HostId);
        var away = left.GetProperty("hostAway");
        Assert.Equal(awaySince, away.GetProperty("since").GetInt64());
        Assert.Equal(awaySince + 30_000, away.GetProperty("handoverAt").GetInt64());
        Time.Advance(TimeSpan.FromSeconds(10));
        var late = await Server.JoinAsync(session.Code, "Late");
        Assert.Equal(awaySince + 30_000, late.Snapshot.GetProperty("hostAway").GetProperty("handoverAt").GetInt64());

        var back = await Server.ConnectAsync();
        await back.JoinAsync(session.Code, null, session.HostToken);
        Assert.False((await guest.SnapshotAsync()).TryGetProperty("hostAway", out _));
    }

    [Fact]
    public async Task GuestDisconnects_NoHostAway()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");

        await guest.Connection.StopAsync();

        var left = await host.WaitFor("participantLeft", e => e.Str("participantId") == guest.ParticipantId);
        Assert.False(left.TryGetProperty("hostAway", out _));
        Assert.False((await host.SnapshotAsync()).TryGetProperty("hostAway", out _));
    }

    [Fact]
    public async Task RejoinWithToken_IsTheSameParticipant_WithRoleAndVotes()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");
        var item = await host.AddAsync("s0050");
        await guest.Send("Vote", new { itemId = item, value = -1 });
        await host.Send("SetRole", new { participantId = guest.ParticipantId, role = "moderator" });
        await guest.Connection.StopAsync();

        var again = await Server.ConnectAsync();
        var snapshot = await again.JoinAsync(session.Code, "Ignored name", guest.Token);

        Assert.Equal(guest.ParticipantId, again.ParticipantId);
        Assert.Equal(guest.Token, again.Token);
        Assert.Equal("moderator", snapshot.GetProperty("you").Str("role"));
        Assert.Equal(-1, snapshot.GetProperty("myVotes").GetProperty(item).GetInt32());
        Assert.Equal(2, snapshot.GetProperty("participants").GetArrayLength());
    }

    [Fact]
    public async Task TwoConnectionsOfOneParticipant_StayPresentUntilBothClose()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var tab1 = await Server.JoinAsync(session.Code, "Tabs");
        var tab2 = await Server.ConnectAsync();
        await tab2.JoinAsync(session.Code, null, tab1.Token);

        await tab1.Connection.StopAsync();
        await Task.Delay(300);
        Assert.DoesNotContain(host.Events, e => e.Name == "participantLeft");

        await tab2.Connection.StopAsync();
        var left = await host.WaitFor("participantLeft");
        Assert.Equal(tab1.ParticipantId, left.Str("participantId"));
    }

    [Fact]
    public async Task Moderator_CanPlayAndRemoveAny_ButNotHostActions()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var mod = await Server.JoinAsync(session.Code, "Mod");
        var member = await Server.JoinAsync(session.Code, "Member");
        await host.Send("SetRole", new { participantId = mod.ParticipantId, role = "moderator" });
        await mod.WaitFor("roleChanged", e => e.Str("role") == "moderator");
        var hostsItem = await host.AddAsync("s0060");
        await host.AddAsync("s0061");

        await mod.Send("RemoveFromQueue", new { itemId = hostsItem });
        await mod.Send("PlayNext");
        await mod.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = 3 });

        await mod.RejectedAsync("not_allowed", "UpdateSettings", new { allowVoting = false });
        await mod.RejectedAsync("not_allowed", "SetRole", new { participantId = member.ParticipantId, role = "moderator" });
        await mod.RejectedAsync("not_allowed", "Kick", new { participantId = member.ParticipantId });
        await mod.RejectedAsync("not_allowed", "TransferHost", new { participantId = mod.ParticipantId });
        await mod.RejectedAsync("not_allowed", "EndSession");
    }

    [Fact]
    public async Task Member_CanRemoveOwnItemOnly_AndCannotControlPlayback()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var member = await Server.JoinAsync(session.Code, "Member");
        var own = await member.AddAsync("s0070");
        var hosts = await host.AddAsync("s0071");

        await member.RejectedAsync("not_allowed", "RemoveFromQueue", new { itemId = hosts });
        await member.RejectedAsync("not_allowed", "PlayNext");
        await member.RejectedAsync("not_allowed", "UpdateSettings", new { autoPlay = false });
        await member.RejectedAsync("not_allowed", "Kick", new { participantId = host.ParticipantId });
        await member.Send("RemoveFromQueue", new { itemId = own });

        var queue = (await host.SnapshotAsync()).GetProperty("queue").ItemIds();
        Assert.Equal([hosts], queue);
    }

    [Fact]
    public async Task Kick_RemovesParticipant_TheyCannotRejoinOrAct()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Troll");

        await host.Send("Kick", new { participantId = guest.ParticipantId });

        await guest.WaitFor("kicked");
        await host.WaitFor("participantLeft", e => e.Str("reason") == "kicked");
        await guest.RejectedAsync("not_joined", "AddToQueue", new { catalogId = "s0001" });
        var retry = await Server.ConnectAsync();
        await retry.RejectedAsync("banned", "JoinSession", new { code = session.Code, participantToken = guest.Token });
        await host.AddAsync("s0002");

        // The host's call returned once its events were handed to every connection in the session;
        // a round trip on the kicked guest's own connection comes after anything sent to it.
        await guest.RejectedAsync("not_joined", "AddToQueue", new { catalogId = "s0003" });
        Assert.DoesNotContain(guest.Events, e => e.Name == "queueUpdated");
    }

    [Fact]
    public async Task TransferHost_MovesRole_OldHostBecomesMember()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Next host");

        await host.Send("TransferHost", new { participantId = guest.ParticipantId });

        var changed = await host.WaitFor("hostChanged", e => e.Str("reason") == "transferred");
        Assert.Equal(guest.ParticipantId, changed.Str("participantId"));
        Assert.Equal("member", (await host.SnapshotAsync()).GetProperty("you").Str("role"));
        await host.RejectedAsync("not_allowed", "EndSession");
        await guest.Send("UpdateSettings", new { skipThreshold = 0.75 });
        var settings = await host.WaitFor("settingsUpdated");
        Assert.Equal(0.75, settings.GetProperty("settings").GetProperty("skipThreshold").GetDouble());
    }

    [Fact]
    public async Task HostOnlyActions_RejectBadTargets()
    {
        var (_, host) = await Server.CreateAndJoinAsync();

        await host.RejectedAsync("participant_not_found", "Kick", new { participantId = "p_nobody" });
        await host.RejectedAsync("invalid_input", "Kick", new { participantId = host.ParticipantId });
        await host.RejectedAsync("invalid_input", "SetRole", new { participantId = host.ParticipantId, role = "boss" });
        await host.RejectedAsync("invalid_input", "SetRole", new { participantId = "p_x" });
        await host.RejectedAsync("invalid_settings", "UpdateSettings", new { skipThreshold = 1.5 });
        await host.RejectedAsync("invalid_settings", "UpdateSettings", new { maxQueueSize = 0 });
        Assert.Equal(0.5, (await host.SnapshotAsync()).GetProperty("session").GetProperty("settings").GetProperty("skipThreshold").GetDouble());
    }
}
