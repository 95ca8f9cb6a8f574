using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Huddle.Server.Tests.Hub;

/// <summary>A kick holds (issue 16 item 10): by token and by device, until the host lifts it.</summary>
public sealed class BanTests() : ServerTest
{
    private const string TrollDevice = "dev_troll_0123456789abcdef";

    private static Task<System.Text.Json.JsonElement> BansAsync(TestClient host) =>
        host.Connection.InvokeAsync<System.Text.Json.JsonElement>("GetBans");

    private async Task<(CreatedSession Session, TestClient Host, TestClient Troll)> KickedTrollAsync()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var troll = await Server.ConnectAsync();
        await troll.Call("JoinSession", new { code = session.Code, name = "Troll", deviceId = TrollDevice });
        var joined = await host.WaitFor("participantJoined", e => e.GetProperty("participant").Str("name") == "Troll");
        await host.Send("Kick", new { participantId = joined.GetProperty("participant").Str("participantId") });
        await troll.WaitFor("kicked");
        return (session, host, troll);
    }

    [Fact]
    public async Task Kicked_RejoinByTokenOrByNameFromTheSameDevice_IsBanned_AnotherDeviceGetsIn()
    {
        var (session, host, _) = await KickedTrollAsync();
        var bans = await BansAsync(host);
        var ban = Assert.Single(bans.EnumerateArray());
        var trollId = ban.Str("participantId");
        Assert.DoesNotContain((await host.SnapshotAsync()).GetProperty("participants").EnumerateArray(), p => p.Str("participantId") == trollId);

        var retry = await Server.ConnectAsync();
        await retry.RejectedAsync("banned", "JoinSession", new { code = session.Code, name = "Troll again", deviceId = TrollDevice });
        var versionBefore = (await host.SnapshotAsync()).GetProperty("session").Version();

        var stranger = await Server.ConnectAsync();
        await stranger.Call("JoinSession", new { code = session.Code, name = "Troll again", deviceId = "dev_other_0123456789abcdef" });
        Assert.Equal(versionBefore + 1, (await host.SnapshotAsync()).GetProperty("session").Version());
        Assert.Equal("Troll", ban.Str("name"));
        Assert.False(ban.TryGetProperty("deviceHash", out _));
    }

    [Fact]
    public async Task Unban_LetsThemJoinAgain_AndTellsTheSession()
    {
        var (session, host, _) = await KickedTrollAsync();
        var trollId = Assert.Single((await BansAsync(host)).EnumerateArray()).Str("participantId");

        await host.Send("Unban", new { participantId = trollId });

        var unbanned = await host.WaitFor("participantUnbanned");
        Assert.Equal(trollId, unbanned.Str("participantId"));
        Assert.Empty((await BansAsync(host)).EnumerateArray());
        var back = await Server.ConnectAsync();
        var snapshot = await back.Call("JoinSession", new { code = session.Code, name = "Troll", deviceId = TrollDevice });
        Assert.NotEqual(trollId, snapshot.GetProperty("you").Str("participantId"));
    }

    [Fact]
    public async Task Unban_ThenRejoinWithTheOldToken_IsTheSameParticipant()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");
        await host.Send("Kick", new { participantId = guest.ParticipantId });
        await guest.WaitFor("kicked");
        var retry = await Server.ConnectAsync();
        await retry.RejectedAsync("banned", "JoinSession", new { code = session.Code, participantToken = guest.Token });

        await host.Send("Unban", new { participantId = guest.ParticipantId });

        var back = await Server.ConnectAsync();
        await back.JoinAsync(session.Code, null, guest.Token);
        Assert.Equal(guest.ParticipantId, back.ParticipantId);
        await host.WaitFor("participantJoined", e => e.GetProperty("participant").Str("participantId") == guest.ParticipantId);
    }

    [Fact]
    public async Task UnbanAndGetBans_ByNonHost_OrWithBadInput_AreRejected_AndChangeNothing()
    {
        var (session, host, _) = await KickedTrollAsync();
        var trollId = Assert.Single((await BansAsync(host)).EnumerateArray()).Str("participantId");
        var member = await Server.JoinAsync(session.Code, "Member");
        var before = (await host.SnapshotAsync()).GetProperty("session").Version();

        await member.RejectedAsync("not_allowed", "Unban", new { participantId = trollId });
        await member.RejectedAsync("not_allowed", "GetBans");
        await host.RejectedAsync("invalid_input", "Unban", new { });
        await host.RejectedAsync("participant_not_found", "Unban", new { participantId = "p_ghost" });
        var stranger = await Server.ConnectAsync();
        await stranger.RejectedAsync("invalid_input", "JoinSession", new { code = session.Code, name = "Eve", deviceId = "short" });
        await stranger.RejectedAsync("invalid_input", "JoinSession", new { code = session.Code, name = "Eve", deviceId = "dev_0123456789abcdef\n" });
        await stranger.RejectedAsync("invalid_input", "JoinSession", new { code = session.Code, name = "Eve", deviceId = "dev_0123456789abcdéf" });

        Assert.Equal(before, (await host.SnapshotAsync()).GetProperty("session").Version());
        Assert.Single((await BansAsync(host)).EnumerateArray());
    }
}
