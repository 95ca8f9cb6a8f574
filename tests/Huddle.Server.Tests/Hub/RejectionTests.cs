using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Hub;

/// <summary>Every rejection is a clear error code and changes nothing (the version stays put).</summary>
public sealed class RejectionTests() : ServerTest(Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Huddle:RateLimits:RelayEventsPerSecond"] = "1",
        ["Huddle:RateLimits:RelayBurst"] = "6",
    };

    [Fact]
    public async Task QueueFull_DuplicateSong_UnknownSong_AreRejected_WithoutChange()
    {
        var (_, host) = await Server.CreateAndJoinAsync(settings: new { maxQueueSize = 2 });
        await host.AddAsync("s0001");
        await host.AddAsync("s0002");
        var version = await VersionAsync(host);

        await host.RejectedAsync("queue_full", "AddToQueue", new { catalogId = "s0003" });
        await host.RejectedAsync("duplicate_song", "AddToQueue", new { catalogId = "s0001" });
        await host.RejectedAsync("song_not_found", "AddToQueue", new { catalogId = "nope" });
        await host.RejectedAsync("invalid_input", "AddToQueue", new { });

        Assert.Equal(version, await VersionAsync(host));
        await host.Send("PlayNext");
        await host.RejectedAsync("duplicate_song", "AddToQueue", new { catalogId = "s0001" });
    }

    [Fact]
    public async Task BadVotes_AndVotingDisabled_AreRejected()
    {
        var (_, host) = await Server.CreateAndJoinAsync();
        var item = await host.AddAsync("s0005");
        var version = await VersionAsync(host);

        await host.RejectedAsync("invalid_vote", "Vote", new { itemId = item, value = 2 });
        await host.RejectedAsync("invalid_vote", "Vote", new { itemId = item, value = -5 });
        await host.RejectedAsync("invalid_input", "Vote", new { itemId = item, value = "up" });
        await host.RejectedAsync("invalid_input", "Vote", new { itemId = item, value = 0.5 });
        await host.RejectedAsync("invalid_input", "Vote", new { itemId = item });
        await host.RejectedAsync("item_not_found", "Vote", new { itemId = "q_missing", value = 1 });
        Assert.Equal(version, await VersionAsync(host));

        await host.Send("UpdateSettings", new { allowVoting = false });
        await host.RejectedAsync("voting_disabled", "Vote", new { itemId = item, value = 1 });
        Assert.Equal(0, (await host.SnapshotAsync()).GetProperty("queue")[0].GetProperty("score").GetInt32());
    }

    [Fact]
    public async Task Relay_RejectsBadNames_OversizeData_AndFloods()
    {
        var (session, host) = await Server.CreateAndJoinAsync("room");
        var guest = await Server.JoinAsync(session.Code, "Guest");

        await host.RejectedAsync("invalid_event_name", "Broadcast", new { eventName = "Bad Name", data = 1 });
        await host.RejectedAsync("invalid_event_name", "Broadcast", new { eventName = ":starts-with-colon", data = 1 });
        await host.RejectedAsync("invalid_event_name", "Broadcast", new { eventName = new string('a', 65), data = 1 });
        await host.RejectedAsync("invalid_event_name", "Broadcast", new { eventName = "wave\n", data = 1 });
        await host.RejectedAsync("event_too_large", "Broadcast", new { eventName = "big", data = new string('x', 1100) });
        await host.RejectedAsync("invalid_input", "Broadcast", new { data = 1 });
        Assert.DoesNotContain(guest.Events, e => e.Name == "event");

        var accepted = 0;
        string? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            try
            {
                await guest.Send("Broadcast", new { eventName = "tick", data = i });
                accepted++;
            }
            catch (Microsoft.AspNetCore.SignalR.HubException e)
            {
                limited = TestClient.ErrorCode(e.Message);
            }
        }

        Assert.Equal("rate_limited", limited);
        Assert.InRange(accepted, 6, 7);
        Assert.Equal(accepted, (await host.WaitFor("event", e => e.GetProperty("data").GetInt32() == accepted - 1)).GetProperty("data").GetInt32() + 1);
    }

    [Fact]
    public async Task Join_RejectsUnknownCode_BadName_AndMalformedArgument()
    {
        var (session, _) = await Server.CreateAndJoinAsync();
        var client = await Server.ConnectAsync();

        await client.RejectedAsync("session_not_found", "JoinSession", new { code = "ZZZZZZ", name = "A" });
        await client.RejectedAsync("session_not_found", "JoinSession", new { code = "not a code", name = "A" });
        await client.RejectedAsync("invalid_name", "JoinSession", new { code = session.Code, name = "   " });
        await client.RejectedAsync("invalid_name", "JoinSession", new { code = session.Code, name = new string('n', 21) });
        await client.RejectedAsync("invalid_name", "JoinSession", new { code = session.Code, name = "bell\u0007" });
        await client.RejectedAsync("invalid_token", "JoinSession", new { code = session.Code, participantToken = "forged" });
        await client.RejectedAsync("invalid_input", "JoinSession", "just a string");
        await client.RejectedAsync("not_joined", "AddToQueue", new { catalogId = "s0001" });
        await client.RejectedAsync("not_joined", "GetSnapshot");
    }

    [Fact]
    public async Task SessionFull_RejectsTheExtraParticipant()
    {
        var (session, _) = await Server.CreateAndJoinAsync(settings: new { maxParticipants = 2 });
        await Server.JoinAsync(session.Code, "Two");
        var third = await Server.ConnectAsync();

        await third.RejectedAsync("session_full", "JoinSession", new { code = session.Code, name = "Three" });
    }

    [Fact]
    public async Task RoomSession_HasNoQueue()
    {
        var (_, host) = await Server.CreateAndJoinAsync("room");
        await host.RejectedAsync("not_supported", "AddToQueue", new { catalogId = "s0001" });
        await host.RejectedAsync("not_supported", "PlayNext");
    }

    private static async Task<long> VersionAsync(TestClient client) =>
        (await client.SnapshotAsync()).GetProperty("session").Version();
}
