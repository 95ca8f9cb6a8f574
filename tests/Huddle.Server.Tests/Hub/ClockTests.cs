using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Hub;

/// <summary>Time-driven behaviour, with the server's whole clock under the test's control.</summary>
public sealed class ClockTests : ServerTest
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Huddle:Engine:InactivityTimeout"] = "00:30:00",
        ["Huddle:Engine:SweepInterval"] = "00:05:00",
        ["Huddle:Engine:HostGracePeriod"] = "00:00:30",
    };

    private readonly FakeTimeProvider _time;

    public ClockTests()
        : this(new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 20, 0, 0, TimeSpan.Zero)))
    {
    }

    private ClockTests(FakeTimeProvider time)
        : base(Settings, time) => _time = time;

    [Fact]
    public async Task AutoPlay_AdvancesWhenTheSongsDurationHasElapsed()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");
        var first = await host.AddAsync("s0002");
        var second = await host.AddAsync("s0003");
        await host.Send("PlayNext");
        var duration = (await host.SnapshotAsync()).GetProperty("nowPlaying").GetProperty("item").GetProperty("durationSeconds").GetInt32();

        _time.Advance(TimeSpan.FromSeconds(duration - 1));
        await Task.Delay(300);
        Assert.DoesNotContain(guest.Events, e => e.Name == "nowPlaying" && e.Payload.Str("reason") == "ended");

        _time.Advance(TimeSpan.FromSeconds(2));
        var advanced = await guest.WaitFor("nowPlaying", e => e.Str("reason") == "ended");

        Assert.Equal(second, advanced.GetProperty("item").Str("itemId"));
        var history = (await guest.SnapshotAsync()).GetProperty("history");
        Assert.Equal(first, history[0].Str("itemId"));
    }

    [Fact]
    public async Task AutoPlayOff_OrPaused_DoesNotAdvance()
    {
        var (session, host) = await Server.CreateAndJoinAsync(settings: new { autoPlay = false });
        await host.AddAsync("s0002");
        await host.AddAsync("s0003");
        await host.Send("PlayNext");

        _time.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(300);

        Assert.Single(host.Events, e => e.Name == "nowPlaying");
        Assert.Equal(1, (await host.SnapshotAsync()).GetProperty("queue").GetArrayLength());
    }

    [Fact]
    public async Task InactiveSession_WithNobodyPresent_IsEndedBySweeper_AndStaysReadable()
    {
        var session = await Server.CreateSessionAsync();

        _time.Advance(TimeSpan.FromMinutes(29));
        await Task.Delay(200);
        Assert.Equal("active", (await SummaryAsync(session.Code)).Str("status"));

        _time.Advance(TimeSpan.FromMinutes(6));
        await WaitUntil(async () => (await SummaryAsync(session.Code)).Str("status") == "ended");
    }

    [Fact]
    public async Task SessionWithSomeonePresent_IsNotExpired()
    {
        var (session, _) = await Server.CreateAndJoinAsync();

        _time.Advance(TimeSpan.FromMinutes(40));
        await Task.Delay(300);

        Assert.Equal("active", (await SummaryAsync(session.Code)).Str("status"));
    }

    private async Task<JsonElement> SummaryAsync(string code) =>
        await Server.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{code}");

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }

        Assert.Fail("The condition did not become true in 5 s.");
    }
}
