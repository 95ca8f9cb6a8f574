using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Huddle.Server.Tests.Hub;

public sealed class JamFlowTests() : ServerTest
{
    [Fact]
    public async Task Join_ReturnsSnapshotWithYouAndParticipants_AndOthersSeeTheJoin()
    {
        var (session, host) = await Server.CreateAndJoinAsync();

        var guest = await Server.JoinAsync(session.Code.ToLowerInvariant(), "Bea");

        var you = guest.Snapshot.GetProperty("you");
        Assert.Equal("member", you.Str("role"));
        Assert.False(string.IsNullOrEmpty(you.Str("participantToken")));
        Assert.Equal(session.Code, guest.Snapshot.GetProperty("session").Str("code"));
        Assert.Equal(2, guest.Snapshot.GetProperty("participants").GetArrayLength());
        Assert.Equal("host", host.Snapshot.GetProperty("you").Str("role"));
        var joined = await host.WaitFor("participantJoined", e => e.GetProperty("participant").Str("name") == "Bea");
        Assert.Equal(guest.Snapshot.GetProperty("session").Version(), joined.Version());
    }

    [Fact]
    public async Task ThreeClients_ReceiveEveryBroadcast_InVersionOrder()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var a = await Server.JoinAsync(session.Code, "Ana");
        var b = await Server.JoinAsync(session.Code, "Ben");
        var start = b.Snapshot.GetProperty("session").Version();

        var items = new List<string>();
        foreach (var song in new[] { "s0001", "s0002", "s0003", "s0004" }) items.Add(await a.AddAsync(song));
        await b.Send("Vote", new { itemId = items[3], value = 1 });
        await a.Send("Vote", new { itemId = items[2], value = 1 });
        await host.Send("Vote", new { itemId = items[3], value = 1 });
        await host.Send("PlayNext");

        foreach (var client in new[] { host, a, b })
        {
            // PlayNext's commit sends nowPlaying, historyUpdated, then queueUpdated: wait for the last of them.
            await client.WaitFor("queueUpdated", e => e.Version() == start + 8);
            var versions = client.Events.Where(e => e.Name is "queueUpdated" or "voteUpdated").Select(e => e.Payload.Version()).ToList();
            Assert.Equal(versions.Order().ToList(), versions);
            Assert.Equal(Enumerable.Range((int)start + 1, 8).Select(v => (long)v), versions.TakeLast(8));
            var playing = client.Events.Last(e => e.Name == "nowPlaying").Payload;
            Assert.Equal(items[3], playing.GetProperty("item").Str("itemId"));
            var queue = client.Events.Last(e => e.Name == "queueUpdated").Payload.GetProperty("queue");
            Assert.Equal([items[2], items[0], items[1]], queue.ItemIds());
        }
    }

    [Fact]
    public async Task Vote_SendsOnlyTheMovedItem_AndApplyingTheDeltasGivesTheServersQueue()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");
        var items = new List<string>();
        foreach (var song in new[] { "s0020", "s0021", "s0022", "s0023", "s0024" }) items.Add(await host.AddAsync(song));
        // The host's call returns once the host has its events; the guest's copy of the last add may still be on its way.
        await guest.WaitFor("queueUpdated", e => e.GetProperty("queue").GetArrayLength() == 5);
        var before = (await guest.SnapshotAsync()).GetProperty("queue").ItemIds().ToList();
        guest.ClearEvents();

        await host.Send("Vote", new { itemId = items[4], value = 1 });
        await guest.Send("Vote", new { itemId = items[2], value = -1 });
        await host.Send("Vote", new { itemId = items[2], value = 1 });
        await guest.Send("Vote", new { itemId = items[3], value = 1 });
        await guest.Send("Vote", new { itemId = items[4], value = 1 });
        await guest.WaitFor("voteUpdated", e => e.Str("itemId") == items[4] && e.GetProperty("score").GetInt32() == 2);

        var deltas = guest.Events.Where(e => e.Name == "voteUpdated").Select(e => e.Payload).ToList();
        Assert.DoesNotContain(guest.Events, e => e.Name == "queueUpdated");
        Assert.Equal(5, deltas.Count);
        foreach (var delta in deltas)
        {
            before.Remove(delta.Str("itemId"));
            before.Insert(delta.GetProperty("position").GetInt32(), delta.Str("itemId"));
        }

        var queue = (await guest.SnapshotAsync()).GetProperty("queue");
        Assert.Equal(queue.ItemIds(), before);
        var last = deltas[^1];
        Assert.Equal((2, 2, 0), (last.GetProperty("score").GetInt32(), last.GetProperty("upvotes").GetInt32(), last.GetProperty("downvotes").GetInt32()));
    }

    [Fact]
    public async Task Votes_ReorderQueue_ScoreThenTimeAdded()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");
        var first = await host.AddAsync("s0010");
        var second = await host.AddAsync("s0011");
        var third = await guest.AddAsync("s0012");

        await guest.Send("Vote", new { itemId = third, value = 1 });
        await host.Send("Vote", new { itemId = first, value = -1 });

        var snapshot = await guest.SnapshotAsync();
        Assert.Equal([third, second, first], snapshot.GetProperty("queue").ItemIds());
        Assert.Equal(1, snapshot.GetProperty("myVotes").GetProperty(third).GetInt32());
        var top = snapshot.GetProperty("queue")[0];
        Assert.Equal(1, top.GetProperty("score").GetInt32());
        Assert.Equal("Guest", top.GetProperty("addedBy").Str("name"));

        await guest.Send("Vote", new { itemId = third, value = 0 });
        var cleared = await guest.SnapshotAsync();
        Assert.Equal([second, third, first], cleared.GetProperty("queue").ItemIds());
        Assert.False(cleared.GetProperty("myVotes").TryGetProperty(third, out _));
    }

    [Fact]
    public async Task PlayNext_MovesCurrentToHistory_AndStartsQueueHeadAtZero()
    {
        var (_, host) = await Server.CreateAndJoinAsync();
        var first = await host.AddAsync("s0020");
        var second = await host.AddAsync("s0021");

        await host.Send("PlayNext");
        await host.Send("PlayNext");

        var snapshot = await host.SnapshotAsync();
        var now = snapshot.GetProperty("nowPlaying");
        Assert.Equal(second, now.GetProperty("item").Str("itemId"));
        Assert.True(now.GetProperty("playback").GetProperty("isPlaying").GetBoolean());
        Assert.Equal(0, now.GetProperty("playback").GetProperty("positionSeconds").GetDouble());
        var history = snapshot.GetProperty("history");
        Assert.Equal(first, history[0].Str("itemId"));
        Assert.True(history[0].GetProperty("playedAt").GetInt64() > 0);
        Assert.Equal(0, snapshot.GetProperty("queue").GetArrayLength());
        await host.WaitFor("historyUpdated", e => e.GetProperty("history").GetArrayLength() == 1);
    }

    [Fact]
    public async Task Playback_PauseSeekResume_BroadcastsServerClockState()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");
        await host.AddAsync("s0030");
        await host.Send("PlayNext");

        var before = await host.Connection.InvokeAsync<long>("Ping");
        await host.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = 42.5 });
        var update = await guest.WaitFor("playbackUpdated");

        var playback = update.GetProperty("playback");
        Assert.False(playback.GetProperty("isPlaying").GetBoolean());
        Assert.Equal(42.5, playback.GetProperty("positionSeconds").GetDouble());
        Assert.InRange(playback.GetProperty("updatedAt").GetInt64(), before, before + 5000);
        await guest.RejectedAsync("not_allowed", "UpdatePlayback", new { isPlaying = true, positionSeconds = 1 });
        await host.RejectedAsync("invalid_input", "UpdatePlayback", new { isPlaying = true, positionSeconds = -1 });
        await host.RejectedAsync("invalid_input", "UpdatePlayback", new { isPlaying = true, positionSeconds = 99999 });
    }

    [Fact]
    public async Task VoteSkip_AtThreshold_PlaysNext()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var a = await Server.JoinAsync(session.Code, "A");
        var b = await Server.JoinAsync(session.Code, "B");
        var c = await Server.JoinAsync(session.Code, "C");
        var playing = await host.AddAsync("s0040");
        var next = await host.AddAsync("s0041");
        await host.Send("PlayNext");

        await a.Send("VoteSkip");
        await a.Send("VoteSkip");
        var tally = await b.WaitFor("skipUpdated", e => e.GetProperty("votes").GetInt32() == 1);
        Assert.Equal(2, tally.GetProperty("needed").GetInt32());
        Assert.Equal(playing, (await c.SnapshotAsync()).GetProperty("nowPlaying").GetProperty("item").Str("itemId"));

        await b.Send("VoteSkip");

        var skipped = await c.WaitFor("nowPlaying", e => e.GetProperty("reason").GetString() == "skipped");
        Assert.Equal(next, skipped.GetProperty("item").Str("itemId"));
    }

    [Fact]
    public async Task Recommendations_ExcludeQueuedSongs_AndAreDeterministicForASeed()
    {
        var (_, host) = await Server.CreateAndJoinAsync();
        await host.AddAsync("s0001");
        await host.AddAsync("s0002");

        var first = await host.Call("GetRecommendations", new { limit = 10, seed = 7 });
        var again = await host.Call("GetRecommendations", new { limit = 10, seed = 7 });

        var ids = first.EnumerateArray().Select(s => s.Str("id")).ToList();
        Assert.Equal(10, ids.Count);
        Assert.Equal(ids, again.EnumerateArray().Select(s => s.Str("id")));
        Assert.DoesNotContain("s0001", ids);
        Assert.DoesNotContain("s0002", ids);
        Assert.Equal("Queen", first[0].Str("artist"));
        await host.RejectedAsync("invalid_input", "GetRecommendations", new { limit = 0 });
    }

    [Fact]
    public async Task Relay_SendsEventToOthersOnly_WithSender()
    {
        var (session, host) = await Server.CreateAndJoinAsync("room");
        var guest = await Server.JoinAsync(session.Code, "Guest");

        await guest.Send("Broadcast", new { eventName = "cursor:move", data = new { x = 3, y = 4 } });

        var e = await host.WaitFor("event");
        Assert.Equal("cursor:move", e.Str("eventName"));
        Assert.Equal(4, e.GetProperty("data").GetProperty("y").GetInt32());
        Assert.Equal(guest.ParticipantId, e.Str("senderId"));
        await guest.SyncAsync();
        Assert.DoesNotContain(guest.Events, x => x.Name == "event");
    }

    [Fact]
    public async Task Relay_WithoutData_ArrivesAsNull_AndKeepsEveryoneConnected()
    {
        var (session, host) = await Server.CreateAndJoinAsync("room");
        var guest = await Server.JoinAsync(session.Code, "Guest");

        await guest.Send("Broadcast", new { eventName = "wave" });

        var e = await host.WaitFor("event", x => x.Str("eventName") == "wave");
        Assert.Equal(JsonValueKind.Null, e.GetProperty("data").ValueKind);
        await host.Send("Broadcast", new { eventName = "wave-back", data = 1 });
        await guest.WaitFor("event", x => x.Str("eventName") == "wave-back");
    }

    [Fact]
    public async Task Ping_ReturnsServerUnixMilliseconds()
    {
        var client = await Server.ConnectAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var serverTime = await client.Connection.InvokeAsync<long>("Ping");
        Assert.InRange(serverTime, before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000);
    }

    [Fact]
    public async Task EndSession_TellsEveryone_AndMakesSessionReadOnly()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");

        await host.Send("EndSession");

        var ended = await guest.WaitFor("sessionEnded");
        Assert.Equal("ended_by_host", ended.Str("reason"));
        await guest.RejectedAsync("session_ended", "AddToQueue", new { catalogId = "s0001" });
        var late = await Server.ConnectAsync();
        await late.RejectedAsync("session_ended", "JoinSession", new { code = session.Code, name = "Late" });
        var summary = await Server.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session.Code}");
        Assert.Equal("ended", summary.Str("status"));
    }
}
