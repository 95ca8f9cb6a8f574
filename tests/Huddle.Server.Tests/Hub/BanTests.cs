using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Huddle.Server.Tests.Hub;

/// <summary>A kick holds (issue 16 item 10): by token and by device, until the host lifts it.</summary>
public sealed class BanTests() : ServerTest
{
    private const string TrollDevice = "dev_troll_0123456789abcdef";

    private static Task<JsonElement> BansAsync(TestClient host) => host.Connection.InvokeAsync<JsonElement>("GetBans");

    private async Task<(CreatedSession Session, TestClient Host, string TrollId, string TrollToken)> KickedTrollAsync()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var troll = await Server.ConnectAsync();
        var you = (await troll.Call("JoinSession", new { code = session.Code, name = "Troll", deviceId = TrollDevice })).GetProperty("you");
        await host.Send("Kick", new { participantId = you.Str("participantId") });
        await troll.WaitFor("kicked");
        return (session, host, you.Str("participantId"), you.Str("participantToken"));
    }

    [Fact]
    public async Task Kicked_RejoinByTokenOrByNameFromTheSameDevice_IsBanned_AnotherDeviceGetsIn()
    {
        var (session, host, trollId, trollToken) = await KickedTrollAsync();
        var ban = Assert.Single((await BansAsync(host)).EnumerateArray());
        Assert.Equal(trollId, ban.Str("participantId"));
        Assert.Equal("Troll", ban.Str("name"));
        Assert.False(ban.TryGetProperty("deviceHash", out _));
        var versionBefore = (await host.SnapshotAsync()).GetProperty("session").Version();

        var retry = await Server.ConnectAsync();
        await retry.RejectedAsync("banned", "JoinSession", new { code = session.Code, participantToken = trollToken });
        await retry.RejectedAsync("banned", "JoinSession", new { code = session.Code, name = "Troll again", deviceId = TrollDevice });
        Assert.Equal(versionBefore, (await host.SnapshotAsync()).GetProperty("session").Version());

        var stranger = await Server.ConnectAsync();
        await stranger.Call("JoinSession", new { code = session.Code, name = "Troll again", deviceId = "dev_other_0123456789abcdef" });
        Assert.DoesNotContain((await host.SnapshotAsync()).GetProperty("participants").EnumerateArray(), p => p.Str("participantId") == trollId);
    }

    [Fact]
    public async Task Unban_TellsTheSession_ThenTheDeviceAndTheOldTokenGetBackIn()
    {
        var (session, host, trollId, trollToken) = await KickedTrollAsync();

        await host.Send("Unban", new { participantId = trollId });

        Assert.Equal(trollId, (await host.WaitFor("participantUnbanned")).Str("participantId"));
        Assert.Empty((await BansAsync(host)).EnumerateArray());
        var byName = await Server.ConnectAsync();
        var snapshot = await byName.Call("JoinSession", new { code = session.Code, name = "Troll", deviceId = TrollDevice });
        Assert.NotEqual(trollId, snapshot.GetProperty("you").Str("participantId"));
        var byToken = await Server.ConnectAsync();
        await byToken.JoinAsync(session.Code, null, trollToken);
        Assert.Equal(trollId, byToken.ParticipantId);
        await host.WaitFor("participantJoined", e => e.GetProperty("participant").Str("participantId") == trollId);
    }

    [Fact]
    public async Task UnbanAndGetBans_ByNonHost_OrWithBadInput_AreRejected_AndChangeNothing()
    {
        var (session, host, trollId, _) = await KickedTrollAsync();
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
