using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Movies;

/// <summary>
/// The watch party on a streaming platform over the real hub (offline catalog): the host names the
/// platform and everyone gets its link, the 3-2-1 lands at one server-clock moment, a guest's pause names
/// them. On a fake clock, so the countdown's moment is exact.
/// </summary>
public sealed class PlatformPartyHubTests : ServerTest
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);

    public PlatformPartyHubTests()
        : base(null, new FakeTimeProvider(Start))
    {
    }

    [Fact]
    public async Task Platform_EveryoneGetsItsLink_TheCountdownLandsAheadOnTheServerClock_AGuestPauseNamesThem()
    {
        var (session, host) = await Server.CreateAndJoinMovieNightAsync(new { genreIds = new[] { 18 } });
        var guest = await Server.JoinAsync(session.Code, "Gia");
        var card = (await host.SnapshotAsync()).Deck().GetProperty("cards").EnumerateArray()
            .First(c => c.GetProperty("providerIds").GetArrayLength() > 0);
        var movieId = card.GetProperty("movieId").GetInt32();
        var providerId = card.GetProperty("providerIds")[0].GetInt32();
        await host.Send("PickMovie", new { movieId });
        await guest.WaitFor("nowPlaying");

        await host.Send("ChooseWatchPlatform", new { providerId });

        var platform = (await guest.WaitFor("watchPartyUpdated")).GetProperty("party").GetProperty("platform");
        Assert.Equal(providerId, platform.GetProperty("providerId").GetInt32());
        Assert.False(string.IsNullOrEmpty(platform.Str("name")));
        // The offline catalog has no link of its own: TMDB's public watch page for the film in the region.
        Assert.Equal($"https://www.themoviedb.org/movie/{movieId}/watch?locale=US", platform.Str("link"));

        await host.Send("StartCountdown");

        var countdown = (await guest.WaitFor("playbackUpdated", e => e.GetProperty("playback").GetProperty("isPlaying").GetBoolean())).GetProperty("playback");
        Assert.Equal(Start.ToUnixTimeMilliseconds() + 4_000, countdown.GetProperty("updatedAt").GetInt64());
        Assert.Equal(0, countdown.GetProperty("positionSeconds").GetDouble());
        await guest.RejectedAsync("not_allowed", "UpdatePlayback", new { isPlaying = false, positionSeconds = 0 });

        await host.Send("SetWatchControl", new { everyone = true });
        await guest.WaitFor("watchPartyUpdated", e => e.GetProperty("party").GetProperty("everyoneControls").GetBoolean());
        await guest.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = 2530 });

        var paused = await host.WaitFor("playbackUpdated", e => !e.GetProperty("playback").GetProperty("isPlaying").GetBoolean());
        Assert.Equal(guest.ParticipantId, paused.Str("byId")); // "Gia paused at 42:10"
        var snapshot = await guest.SnapshotAsync();
        Assert.Equal(providerId, snapshot.Deck().GetProperty("party").GetProperty("platform").GetProperty("providerId").GetInt32());
    }

    [Fact]
    public async Task AnyPlatformOfTheRegion_IsAccepted_OthersAndBadInput_AreCodedAndChangeNothing()
    {
        var (session, host) = await Server.CreateAndJoinMovieNightAsync(new { genreIds = new[] { 18 } });
        var guest = await Server.JoinAsync(session.Code, "Gia");
        await host.RejectedAsync("nothing_playing", "ChooseWatchPlatform", new { providerId = 15 });
        var movieId = (await host.SnapshotAsync()).Deck().GetProperty("cards")[0].GetProperty("movieId").GetInt32();
        await host.Send("PickMovie", new { movieId });
        await guest.WaitFor("nowPlaying");

        await host.RejectedAsync("no_watch_platform", "StartCountdown");
        await guest.RejectedAsync("not_allowed", "ChooseWatchPlatform", new { providerId = 15 });
        await host.RejectedAsync("unknown_provider", "ChooseWatchPlatform", new { providerId = 38 }); // BBC iPlayer: not in the US
        await host.RejectedAsync("invalid_input", "ChooseWatchPlatform", new { providerId = -1 });
        await host.RejectedAsync("invalid_input", "ChooseWatchPlatform", new { providerId = "8" });
        var before = await host.SnapshotAsync();
        Assert.Equal(JsonValueKind.Null, before.Deck().GetProperty("party").GetProperty("platform").ValueKind);

        await host.Send("ChooseWatchPlatform", new { providerId = 15 }); // Hulu, a US platform, whether it offers the film or not

        var hulu = (await guest.WaitFor("watchPartyUpdated")).GetProperty("party").GetProperty("platform");
        var providers = await Server.Http.GetFromJsonAsync<JsonElement>("/api/movies/providers?region=US");
        Assert.Equal(providers.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("id").GetInt32() == 15).Str("name"), hulu.Str("name"));
        await host.Send("ChooseWatchPlatform", new { providerId = (int?)null });
        await guest.WaitFor("watchPartyUpdated", e => e.GetProperty("party").GetProperty("platform").ValueKind == JsonValueKind.Null);
    }
}
