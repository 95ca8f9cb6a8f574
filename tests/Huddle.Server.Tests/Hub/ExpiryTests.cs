using Huddle.Core.Application;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Hub;

/// <summary>
/// A session with people present but nothing happening is warned (<c>sessionExpiring</c>, once per
/// idle stretch) and then ended as inactive, unless someone keeps it open. The clock is fake.
/// </summary>
public sealed class ExpiryTests() : FakeClockTest(Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Huddle:Engine:PresentIdleTimeout"] = "01:00:00",
        ["Huddle:Engine:ExpiryWarning"] = "00:05:00",
        ["Huddle:Engine:SweepInterval"] = "00:01:00",
    };

    [Fact]
    public async Task AnIdleSessionWithPeoplePresent_IsWarnedOnce_ThenEnds_UnlessKeptAlive()
    {
        var (session, host) = await Server.CreateAndJoinAsync("room");
        var guest = await Server.JoinAsync(session.Code, "Guest");

        await AdvanceAsync(TimeSpan.FromMinutes(54));
        await guest.SyncAsync();
        Assert.DoesNotContain(guest.Events, e => e.Name == "sessionExpiring");

        await AdvanceAsync(TimeSpan.FromMinutes(2));
        var warning = await guest.WaitFor("sessionExpiring");
        Assert.Equal(Start.AddHours(1).ToUnixTimeMilliseconds(), warning.GetProperty("expiresAt").GetInt64());
        Assert.Equal("inactive", warning.Str("reason"));
        await AdvanceAsync(TimeSpan.FromMinutes(1));
        await guest.SyncAsync();
        Assert.Single(guest.Events, e => e.Name == "sessionExpiring");

        // "Keep it open": a commit, so the old deadline passes without an end.
        await host.Send("KeepAlive");
        await guest.WaitFor("sessionKeptAlive");
        await AdvanceAsync(TimeSpan.FromMinutes(10));
        await guest.SyncAsync();
        Assert.DoesNotContain(guest.Events, e => e.Name == "sessionEnded");

        // A new idle stretch: warned again, then ended at its own deadline.
        await AdvanceAsync(TimeSpan.FromMinutes(47));
        await guest.SyncAsync();
        Assert.Equal(2, guest.Events.Count(e => e.Name == "sessionExpiring"));
        await AdvanceAsync(TimeSpan.FromMinutes(7));
        var ended = await guest.WaitFor("sessionEnded");
        Assert.Equal("inactive", ended.Str("reason"));
    }

    [Fact]
    public async Task AnyCommit_StartsANewIdleStretch()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");
        var item = await host.AddAsync("s0001");

        await AdvanceAsync(TimeSpan.FromMinutes(50));
        await guest.Send("Vote", new { itemId = item, value = 1 });
        await AdvanceAsync(TimeSpan.FromMinutes(15));
        await guest.SyncAsync();

        Assert.DoesNotContain(guest.Events, e => e.Name is "sessionExpiring" or "sessionEnded");
    }

    [Fact]
    public async Task KeepAlive_NeedsAJoinedParticipant()
    {
        var client = await Server.ConnectAsync();
        await client.RejectedAsync("not_joined", "KeepAlive");
    }

    [Fact]
    public void Options_RejectAWarningThatIsNotShorterThanTheTimeout()
    {
        var problems = new EngineOptions { PresentIdleTimeout = TimeSpan.FromMinutes(5), ExpiryWarning = TimeSpan.FromMinutes(5) }.Validate();
        Assert.Contains("ExpiryWarning must be more than 0 and less than PresentIdleTimeout.", problems);
        Assert.Empty(new EngineOptions { PresentIdleTimeout = TimeSpan.Zero, ExpiryWarning = TimeSpan.FromMinutes(5) }.Validate());
    }

    /// <summary>
    /// Moves the fake clock a minute at a time and runs the ticker's and the sweeper's work at each
    /// minute, awaited; a test then syncs a client to have every event that work sent.
    /// </summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        for (var left = by; left > TimeSpan.Zero; left -= TimeSpan.FromMinutes(1))
        {
            Time.Advance(left < TimeSpan.FromMinutes(1) ? left : TimeSpan.FromMinutes(1));
            await Server.RunDueWorkAsync();
        }
    }
}
