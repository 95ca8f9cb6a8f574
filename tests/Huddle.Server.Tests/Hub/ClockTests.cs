using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Hub;

/// <summary>Time-driven behaviour, with the server's whole clock under the test's control.</summary>
public sealed class ClockTests() : FakeClockTest(Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Huddle:Engine:InactivityTimeout"] = "00:30:00",
        ["Huddle:Engine:SweepInterval"] = "00:05:00",
        ["Huddle:Engine:HostGracePeriod"] = "00:00:30",
    };

    [Fact]
    public async Task AutoPlay_AdvancesWhenTheSongsDurationHasElapsed()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");
        var first = await host.AddAsync("s0002");
        var second = await host.AddAsync("s0003");
        await host.Send("PlayNext");
        var duration = (await host.SnapshotAsync()).GetProperty("nowPlaying").GetProperty("item").GetProperty("durationSeconds").GetInt32();

        Time.Advance(TimeSpan.FromSeconds(duration - 1));
        await Server.RunDueWorkAsync();
        Assert.Equal(first, NowPlayingId(await guest.SyncAsync()));
        Assert.DoesNotContain(guest.Events, e => e.Name == "nowPlaying" && e.Payload.Str("reason") == "ended");

        Time.Advance(TimeSpan.FromSeconds(2));
        var advanced = await guest.WaitFor("nowPlaying", e => e.Str("reason") == "ended");

        Assert.Equal(second, advanced.GetProperty("item").Str("itemId"));
        var history = (await guest.SnapshotAsync()).GetProperty("history");
        Assert.Equal(first, history[0].Str("itemId"));
    }

    [Fact]
    public async Task AutoPlayOff_DoesNotAdvance()
    {
        var (_, host) = await Server.CreateAndJoinAsync(settings: new { autoPlay = false });
        var first = await host.AddAsync("s0002");
        await host.AddAsync("s0003");
        await host.Send("PlayNext");

        Time.Advance(TimeSpan.FromMinutes(10));
        await Server.RunDueWorkAsync();
        var snapshot = await host.SyncAsync();

        Assert.Equal(first, NowPlayingId(snapshot));
        Assert.Single(host.Events, e => e.Name == "nowPlaying");
        Assert.Equal(1, snapshot.GetProperty("queue").GetArrayLength());
    }

    [Fact]
    public async Task Paused_DoesNotAdvance_AndResumingPlaysOnFromWhereItStopped()
    {
        var (_, host) = await Server.CreateAndJoinAsync();
        var first = await host.AddAsync("s0002");
        var second = await host.AddAsync("s0003");
        await host.Send("PlayNext");
        var duration = (await host.SnapshotAsync()).GetProperty("nowPlaying").GetProperty("item").GetProperty("durationSeconds").GetInt32();
        await host.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = 10 });

        Time.Advance(TimeSpan.FromSeconds(duration) + TimeSpan.FromMinutes(10));
        await Server.RunDueWorkAsync();
        var snapshot = await host.SyncAsync();
        Assert.Equal(first, NowPlayingId(snapshot));
        Assert.DoesNotContain(host.Events, e => e.Name == "nowPlaying" && e.Payload.Str("reason") == "ended");

        // Resumed at 10 s, the song ends duration - 10 s later, not before.
        await host.Send("UpdatePlayback", new { isPlaying = true, positionSeconds = 10 });
        Time.Advance(TimeSpan.FromSeconds(duration - 11));
        await Server.RunDueWorkAsync();
        Assert.Equal(first, NowPlayingId(await host.SyncAsync()));
        Time.Advance(TimeSpan.FromSeconds(2));
        var advanced = await host.WaitFor("nowPlaying", e => e.Str("reason") == "ended");
        Assert.Equal(second, advanced.GetProperty("item").Str("itemId"));
    }

    [Fact]
    public async Task InactiveSession_WithNobodyPresent_IsEndedBySweeper_AndStaysReadable()
    {
        var session = await Server.CreateSessionAsync();

        Time.Advance(TimeSpan.FromMinutes(29));
        await Server.RunDueWorkAsync();
        Assert.Equal("active", (await SummaryAsync(session.Code)).Str("status"));

        // Past the timeout the background sweeper (on its own timer) ends it; nobody is connected to
        // hear an event, so the public summary is polled until it says so.
        Time.Advance(TimeSpan.FromMinutes(6));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await SummaryAsync(session.Code)).Str("status") != "ended") await Task.Delay(20, deadline.Token);
    }

    [Fact]
    public async Task SessionWithSomeonePresent_IsNotExpired()
    {
        var (session, _) = await Server.CreateAndJoinAsync();

        Time.Advance(TimeSpan.FromMinutes(40));
        await Server.RunDueWorkAsync();

        Assert.Equal("active", (await SummaryAsync(session.Code)).Str("status"));
    }

    private static string? NowPlayingId(JsonElement snapshot) =>
        snapshot.GetProperty("nowPlaying").ValueKind == JsonValueKind.Null
            ? null
            : snapshot.GetProperty("nowPlaying").GetProperty("item").Str("itemId");

    private async Task<JsonElement> SummaryAsync(string code) =>
        await Server.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{code}");
}
