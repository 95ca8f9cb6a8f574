using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;
using static Huddle.Core.Tests.Support.MovieNightBuilder;

namespace Huddle.Core.Tests.Movies;

/// <summary>
/// The ready check before the film starts: the host asks, every present member taps "Ready", the last
/// one starts the film from 0:00 for everyone; the host can start anyway with a play.
/// </summary>
public class ReadyCheckTests
{
    private const string Host = JamBuilder.HostId;
    private const string FileId = "0123456789abcdef";

    private static (JamBuilder Movie, string Gia, string Tom) WithFile()
    {
        var movie = Create();
        var gia = movie.Join("Gia");
        var tom = movie.Join("Tom");
        movie.Do(movie.Session.PickMovie(Host, 1, 0));
        movie.Do(movie.Session.ChooseWatchFile(Host, FileId, "Film one", 100), 100);
        return (movie, gia, tom);
    }

    [Fact]
    public void Start_PausesAtZero_AndTheLastReadyStartsTheFilmForEveryone()
    {
        var (movie, gia, tom) = WithFile();
        movie.Do(movie.Session.UpdatePlayback(Host, true, 30, 1_000), 1_000);

        movie.Do(movie.Session.StartReadyCheck(Host, 2_000), 2_000);

        Assert.Equal(new PlaybackState(false, 0, 2_000), movie.Night().Watching!.Playback);
        Assert.Equal([Host], movie.Night().Party.Ready);
        Assert.DoesNotContain(movie.Do(movie.Session.MarkReady(gia, 3_000), 3_000), e => e is WatchPlaybackChanged);
        Assert.Empty(movie.Session.MarkReady(gia, 3_500)); // tapped twice: nothing more
        Assert.False(movie.Night().Watching!.Playback.IsPlaying);

        var events = movie.Do(movie.Session.MarkReady(tom, 4_000), 4_000);

        Assert.Equal([new WatchReadyMarked(tom), new WatchReadyCheckEnded(), new WatchPlaybackChanged(true, 0, 4_000)], events);
        Assert.Null(movie.Night().Party.Ready);
    }

    [Fact]
    public void HostStartsAnyway_WithAPlay_WhichEndsTheCheck()
    {
        var (movie, gia, _) = WithFile();
        movie.Do(movie.Session.StartReadyCheck(Host, 1_000), 1_000);
        movie.Do(movie.Session.MarkReady(gia, 2_000), 2_000);
        Assert.Empty(movie.Session.StartReadyCheck(Host, 2_500)); // already running

        movie.Do(movie.Session.UpdatePlayback(Host, true, 0, 3_000), 3_000);

        Assert.Null(movie.Night().Party.Ready);
        Assert.Equal(new PlaybackState(true, 0, 3_000), movie.Night().Watching!.Playback);
        Rejects(movie.Session, "no_ready_check", () => movie.Session.MarkReady(gia, 4_000));
    }

    [Fact]
    public void SomeoneWhoLeft_IsNotCounted_AndABufferingMemberIsWaitedFor()
    {
        var (movie, gia, tom) = WithFile();
        movie.Disconnect(tom);
        movie.Do(movie.Session.ReportBuffering(gia, true, 500), 500);
        movie.Do(movie.Session.StartReadyCheck(Host, 1_000), 1_000);

        movie.Do(movie.Session.MarkReady(gia, 2_000), 2_000);

        // Everyone present is ready, but Gia's player still loads: the party waits, then plays on together.
        Assert.Null(movie.Night().Party.Ready);
        Assert.True(movie.Night().Party.ResumeWhenReady);
        movie.Do(movie.Session.ReportBuffering(gia, false, 3_000), 3_000);
        Assert.Equal(new PlaybackState(true, 0, 3_000), movie.Night().Watching!.Playback);
    }

    [Fact]
    public void Rejections_AreCoded_AndChangeNothing()
    {
        var (movie, gia, _) = WithFile();

        Rejects(movie.Session, "not_allowed", () => movie.Session.StartReadyCheck(gia, 1_000));
        Rejects(movie.Session, "no_ready_check", () => movie.Session.MarkReady(gia, 1_000));
        movie.Do(movie.Session.ChooseWatchFile(Host, null, null, 1_000), 1_000);
        Rejects(movie.Session, "no_watch_file", () => movie.Session.StartReadyCheck(Host, 2_000));
        var fresh = Create();
        Rejects(fresh.Session, "nothing_playing", () => fresh.Session.StartReadyCheck(Host, 0));
        Rejects(fresh.Session, "nothing_playing", () => fresh.Session.MarkReady(Host, 0));
    }

    [Fact]
    public void AnotherPick_EndsTheCheck()
    {
        var (movie, _, _) = WithFile();
        movie.Do(movie.Session.StartReadyCheck(Host, 1_000), 1_000);

        movie.Do(movie.Session.PickMovie(Host, 2, 2_000), 2_000);

        Assert.Null(movie.Night().Party.Ready);
    }
}
