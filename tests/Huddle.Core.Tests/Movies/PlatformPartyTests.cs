using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;
using static Huddle.Core.Tests.Support.MovieNightBuilder;

namespace Huddle.Core.Tests.Movies;

/// <summary>
/// The watch party on a streaming platform: the host names the platform, the shared 3-2-1 is a play at
/// a moment ahead on the server clock, pauses and resumes name who pressed them. Time is each command's
/// <c>now</c> (Unix ms).
/// </summary>
public class PlatformPartyTests
{
    private const string Host = JamBuilder.HostId;
    private static readonly WatchPlatform Netflix = new(8, "Netflix", "https://www.themoviedb.org/movie/1/watch?locale=US");

    private static (JamBuilder Movie, string Guest) Watching() => WatchPartyTests.Watching();

    [Fact]
    public void ChoosePlatform_HostOnly_ReplacesTheFile_AndPausesAtZero()
    {
        var (movie, guest) = Watching();
        movie.Do(movie.Session.ChooseWatchFile(Host, "0123456789abcdef", "Film one", 1_000), 1_000);
        movie.Do(movie.Session.StartReadyCheck(Host, 1_500), 1_500);
        movie.Do(movie.Session.UpdatePlayback(Host, false, 30, 2_000), 2_000);

        var events = movie.Do(movie.Session.ChooseWatchPlatform(Host, Netflix, 3_000), 3_000);

        Assert.Equal([new WatchPlatformChosen(Netflix, Host), new WatchReadyCheckEnded(), new WatchPlaybackChanged(false, 0, 3_000)], events);
        var party = movie.Night().Party;
        Assert.Equal((Netflix, null, null), (party.Platform, party.FileId, party.Ready));
        Assert.Empty(movie.Session.ChooseWatchPlatform(Host, Netflix, 4_000)); // the same platform: nothing changes
        Rejects(movie.Session, "not_allowed", () => movie.Session.ChooseWatchPlatform(guest, null, 4_000));
        Rejects(movie.Session, "not_allowed", () => movie.Session.PreparePlatformChoice(guest));

        movie.Do(movie.Session.ChooseWatchFile(Host, "0123456789abcdef", "Film one", 5_000), 5_000);
        Assert.Null(movie.Night().Party.Platform); // a file replaces the platform
    }

    [Fact]
    public void Countdown_PlaysFromWherePaused_AtTheMomentAheadOnTheServerClock_ForEveryDevice()
    {
        var (movie, _) = Watching();
        movie.Do(movie.Session.ChooseWatchPlatform(Host, Netflix, 1_000), 1_000);
        movie.Do(movie.Session.UpdatePlayback(Host, false, 42, 2_000), 2_000);

        var events = movie.Do(movie.Session.StartCountdown(Host, 10_000), 10_000);

        Assert.Equal([new WatchPlaybackChanged(true, 42, 10_000 + WatchPlatform.CountdownMs, Host)], events);
        var playback = movie.Night().Watching!.Playback;
        Assert.Equal(42, playback.PositionAt(12_000));    // counting down: the party stays where it was
        Assert.Equal(45, playback.PositionAt(17_000));    // 3 s after "Play now"
        Assert.Empty(movie.Session.StartCountdown(Host, 11_000)); // a second tap while it counts down changes nothing
    }

    [Fact]
    public void Countdown_FollowsTheControlRule_AndNeedsAPlatform()
    {
        var (movie, guest) = Watching();
        Rejects(movie.Session, "no_watch_platform", () => movie.Session.StartCountdown(Host, 1_000));
        movie.Do(movie.Session.ChooseWatchPlatform(Host, Netflix, 1_000), 1_000);
        Rejects(movie.Session, "not_allowed", () => movie.Session.StartCountdown(guest, 2_000));

        movie.Do(movie.Session.SetWatchControl(Host, true));
        movie.Do(movie.Session.StartCountdown(guest, 2_000), 2_000);
        var pause = movie.Do(movie.Session.UpdatePlayback(guest, false, 70, 80_000), 80_000);

        Assert.Equal([new WatchPlaybackChanged(false, 70, 80_000, guest)], pause); // "Gia paused at 1:10"
        var fresh = Create();
        Rejects(fresh.Session, "nothing_playing", () => fresh.Session.StartCountdown(Host, 0));
        Rejects(fresh.Session, "nothing_playing", () => fresh.Session.ChooseWatchPlatform(Host, Netflix, 0));
    }

    [Theory]
    [InlineData(0, "Netflix", "https://www.themoviedb.org/movie/1/watch")]
    [InlineData(8, "", "https://www.themoviedb.org/movie/1/watch")]
    [InlineData(8, "Net\u0007flix", "https://www.themoviedb.org/movie/1/watch")]
    [InlineData(8, "Netflix", "http://www.themoviedb.org/movie/1/watch")]
    [InlineData(8, "Netflix", "javascript:alert(1)")]
    [InlineData(8, "Netflix", null)]
    public void Platform_FromTheCatalog_IsCheckedLikeAnyText(int id, string? name, string? link)
    {
        var error = Assert.Throws<HuddleException>(() => WatchPlatform.Create(id, name, link));

        Assert.Equal("invalid_input", error.Code);
    }

    [Fact]
    public void Platform_SurvivesTheLogRoundTrip()
    {
        var (movie, _) = Watching();
        movie.Do(movie.Session.ChooseWatchPlatform(Host, Netflix, 1_000), 1_000);
        movie.Do(movie.Session.StartCountdown(Host, 2_000), 2_000);

        var replayed = new Session(new HuddleLimits());
        foreach (var commit in movie.Commits)
            replayed.Apply(commit with { Events = SessionEventJson.Deserialize(SessionEventJson.Serialize(commit.Events)) });

        Assert.Equal(Netflix, replayed.MovieNight!.Party.Platform);
        Assert.Equal(new PlaybackState(true, 0, 2_000 + WatchPlatform.CountdownMs), replayed.MovieNight.Watching!.Playback);
        Assert.Equal("https://www.themoviedb.org/movie/550/watch?locale=GB", WatchPlatform.TmdbWatchPage(550, "GB"));
    }
}
