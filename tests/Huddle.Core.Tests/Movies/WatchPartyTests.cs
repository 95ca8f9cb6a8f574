using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;
using static Huddle.Core.Tests.Support.MovieNightBuilder;

namespace Huddle.Core.Tests.Movies;

/// <summary>
/// The watch party that plays: the film file, the control rule, and SyncPlay-style waiting for members who
/// buffer. Time is the <c>now</c> each command gets (Unix ms), so positions are exact.
/// </summary>
public class WatchPartyTests
{
    private const string Host = JamBuilder.HostId;
    private const string FileId = "0123456789abcdef";

    /// <summary>A host and a guest, the film picked (also the platform party's start).</summary>
    internal static (JamBuilder Movie, string Guest) Watching()
    {
        var movie = Create();
        var guest = movie.Join("Gia");
        movie.Do(movie.Session.PickMovie(Host, 1, 0));
        return (movie, guest);
    }

    [Fact]
    public void ChooseFile_HostOnly_ResetsToPausedAtZero_AndAnotherPickForgetsIt()
    {
        var (movie, guest) = Watching();
        movie.Do(movie.Session.UpdatePlayback(Host, true, 30, 1_000), 1_000);

        movie.Do(movie.Session.ChooseWatchFile(Host, FileId, "Film one", 5_000), 5_000);

        Assert.Equal((FileId, "Film one"), (movie.Night().Party.FileId, movie.Night().Party.FileTitle));
        Assert.Equal(new PlaybackState(false, 0, 5_000), movie.Night().Watching!.Playback);
        Rejects(movie.Session, "not_allowed", () => movie.Session.ChooseWatchFile(guest, null, null, 6_000));
        Rejects(movie.Session, "invalid_input", () => movie.Session.ChooseWatchFile(Host, "../../etc/passwd", "x", 6_000));
        Rejects(movie.Session, "invalid_input", () => movie.Session.ChooseWatchFile(Host, "0123456789ABCDEF", "x", 6_000));
        Rejects(movie.Session, "invalid_input", () => movie.Session.ChooseWatchFile(Host, FileId[..15] + "0", new string('t', 201), 6_000));

        movie.Do(movie.Session.PickMovie(Host, 2, 7_000), 7_000);
        Assert.Null(movie.Night().Party.FileId);
    }

    [Fact]
    public void Control_GuestsMayNot_UntilTheHostLetsEveryone()
    {
        var (movie, guest) = Watching();

        Rejects(movie.Session, "not_allowed", () => movie.Session.UpdatePlayback(guest, true, 0, 0));
        Rejects(movie.Session, "not_allowed", () => movie.Session.SetWatchControl(guest, true));

        movie.Do(movie.Session.SetWatchControl(Host, true));
        var events = movie.Do(movie.Session.UpdatePlayback(guest, false, 120, 2_000), 2_000);

        Assert.Equal([new WatchPlaybackChanged(false, 120, 2_000, guest)], events);
        Assert.Empty(movie.Session.SetWatchControl(Host, true)); // no change, no event
        movie.Do(movie.Session.SetWatchControl(Host, false));
        Rejects(movie.Session, "not_allowed", () => movie.Session.UpdatePlayback(guest, true, 120, 3_000));
    }

    [Fact]
    public void Playback_CarriesWhoPressedIt_ThePartysOwnPauseAndResumeCarryNobody()
    {
        var (movie, guest) = Watching();
        movie.Do(movie.Session.SetWatchControl(Host, true));

        Assert.Equal([new WatchPlaybackChanged(true, 10, 1_000, Host)], movie.Do(movie.Session.UpdatePlayback(Host, true, 10, 1_000), 1_000));
        var pause = Assert.Single(movie.Do(movie.Session.ReportBuffering(guest, true, 2_000), 2_000).OfType<WatchPlaybackChanged>());
        var resume = Assert.Single(movie.Do(movie.Session.ReportBuffering(guest, false, 3_000), 3_000).OfType<WatchPlaybackChanged>());

        Assert.Equal((null, null), (pause.ById, resume.ById));
        Assert.Equal(guest, Assert.Single(movie.Do(movie.Session.UpdatePlayback(guest, false, 5, 4_000), 4_000).OfType<WatchPlaybackChanged>()).ById);
        // A commit recorded before the actor existed still reads (nobody named).
        Assert.Equal([new WatchPlaybackChanged(true, 1.5, 7)],
            SessionEventJson.Deserialize("""[{"type":"watchPlayback","isPlaying":true,"positionSeconds":1.5,"at":7}]"""));
    }

    [Fact]
    public void Buffering_WhilePlaying_PausesEveryoneThere_ThenResumesWhenAllAreReady()
    {
        var (movie, guest) = Watching();
        var third = movie.Join("Tom");
        movie.Do(movie.Session.UpdatePlayback(Host, true, 10, 1_000), 1_000);

        movie.Do(movie.Session.ReportBuffering(guest, true, 3_500), 3_500);   // at 12.5 s
        movie.Do(movie.Session.ReportBuffering(third, true, 4_000), 4_000);

        var night = movie.Night();
        Assert.Equal(new PlaybackState(false, 12.5, 3_500), night.Watching!.Playback);
        Assert.Equal(new[] { guest, third }.Order(StringComparer.Ordinal), night.Party.Buffering);
        Assert.True(night.Party.ResumeWhenReady);

        Assert.DoesNotContain(movie.Do(movie.Session.ReportBuffering(guest, false, 5_000), 5_000), e => e is WatchPlaybackChanged);
        Assert.False(night.Watching!.Playback.IsPlaying); // Tom still buffers

        movie.Do(movie.Session.ReportBuffering(third, false, 6_000), 6_000);

        Assert.Equal(new PlaybackState(true, 12.5, 6_000), movie.Night().Watching!.Playback);
        Assert.Empty(movie.Night().Party.Buffering);
        Assert.False(movie.Night().Party.ResumeWhenReady);
    }

    [Fact]
    public void Buffering_APlayWhileSomeoneBuffers_Waits_APauseForgetsTheResume()
    {
        var (movie, guest) = Watching();
        movie.Do(movie.Session.ReportBuffering(guest, true, 0));

        movie.Do(movie.Session.UpdatePlayback(Host, true, 40, 1_000), 1_000);
        Assert.Equal(new PlaybackState(false, 40, 1_000), movie.Night().Watching!.Playback);
        Assert.True(movie.Night().Party.ResumeWhenReady);

        movie.Do(movie.Session.UpdatePlayback(Host, false, 50, 2_000), 2_000);
        movie.Do(movie.Session.ReportBuffering(guest, false, 3_000), 3_000);

        Assert.Equal(new PlaybackState(false, 50, 2_000), movie.Night().Watching!.Playback);
        Assert.False(movie.Night().Party.ResumeWhenReady);
    }

    [Fact]
    public void Buffering_SomeoneWhoLeft_IsNotWaitedFor()
    {
        var (movie, guest) = Watching();
        movie.Do(movie.Session.ReportBuffering(guest, true, 0));
        movie.Disconnect(guest);

        movie.Do(movie.Session.UpdatePlayback(Host, true, 0, 1_000), 1_000);

        Assert.True(movie.Night().Watching!.Playback.IsPlaying);
    }

    [Fact]
    public void Buffering_Repeated_ChangesNothing_AndNeedsAPickedFilm()
    {
        var (movie, guest) = Watching();
        movie.Do(movie.Session.ReportBuffering(guest, true, 0));

        Assert.Empty(movie.Session.ReportBuffering(guest, true, 10));
        Assert.Empty(movie.Session.ReportBuffering(Host, false, 10));
        var fresh = Create();
        Rejects(fresh.Session, "nothing_playing", () => fresh.Session.ReportBuffering(Host, true, 0));
        Rejects(fresh.Session, "nothing_playing", () => fresh.Session.SetWatchControl(Host, true));
    }

    [Fact]
    public void Party_SurvivesTheLogRoundTrip()
    {
        var (movie, guest) = Watching();
        movie.Do(movie.Session.ChooseWatchFile(Host, FileId, "Film one", 1_000), 1_000);
        movie.Do(movie.Session.SetWatchControl(Host, true));
        movie.Do(movie.Session.ReportBuffering(guest, true, 2_000), 2_000);

        var replayed = new Session(new HuddleLimits());
        foreach (var commit in movie.Commits)
            replayed.Apply(commit with { Events = SessionEventJson.Deserialize(SessionEventJson.Serialize(commit.Events)) });

        Assert.Equal(State(movie.Session), State(replayed));
        Assert.Equal(guest, Assert.Single(replayed.MovieNight!.Party.Buffering));
    }
}
