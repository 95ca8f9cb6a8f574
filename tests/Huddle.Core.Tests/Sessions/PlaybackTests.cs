using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

public class PlaybackTests
{
    private const string Host = JamBuilder.HostId;

    [Fact]
    public void PlayNext_NothingPlaying_QueueHeadStartsAtZeroPlaying()
    {
        var jam = JamBuilder.Create();
        var first = jam.Add(Host, "s1", at: 10);
        var second = jam.Add(Host, "s2", at: 20);

        var events = jam.Do(jam.Session.PlayNext(Host, 5_000), 5_000);

        Assert.Equal([new NowPlayingChanged(first, 5_000, "next", Host)], events);
        var now = jam.Session.NowPlaying!;
        Assert.Equal(first, now.Item.ItemId);
        Assert.Equal(new PlaybackState(true, 0, 5_000), now.Playback);
        Assert.Equal(5_000, now.StartedAt);
        Assert.Equal([second], jam.QueueIds());
        Assert.Empty(jam.Session.History);
    }

    [Fact]
    public void PlayNext_PlaysHighestScoredItemNotOldest()
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1", at: 10);
        var loved = jam.Add(Host, "s2", at: 20);
        jam.Vote(Host, loved, 1);

        jam.PlayNext(at: 100);

        Assert.Equal(loved, jam.Session.NowPlaying!.Item.ItemId);
    }

    [Fact]
    public void PlayNext_SomethingPlaying_CurrentGoesToHistoryWithFinalScore()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var cy = jam.Join("Cy");
        var first = jam.Add(Host, "s1", at: 10);
        var second = jam.Add(Host, "s2", at: 20);
        jam.Vote(Host, first, 1);
        jam.Vote(bob, first, 1);
        jam.Vote(cy, first, -1);
        jam.PlayNext(at: 1_000);

        jam.PlayNext(at: 9_000);

        var played = Assert.Single(jam.Session.History);
        Assert.Equal(first, played.Item.ItemId);
        Assert.Equal(1, played.FinalScore);
        Assert.Equal(9_000, played.PlayedAt);
        Assert.Equal(second, jam.Session.NowPlaying!.Item.ItemId);
        Assert.Equal(new PlaybackState(true, 0, 9_000), jam.Session.NowPlaying.Playback);
        Assert.Empty(jam.Session.Queue);
    }

    [Fact]
    public void PlayNext_QueueEmptyButSomethingPlaying_StopsAndRecordsHistory()
    {
        var jam = JamBuilder.Create();
        var only = jam.Add(Host, "s1");
        jam.PlayNext(at: 100);

        var events = jam.Do(jam.Session.PlayNext(Host, 200), 200);

        Assert.Equal([new NowPlayingChanged(null, 200, "next", Host)], events);
        Assert.Null(jam.Session.NowPlaying);
        Assert.Equal(only, Assert.Single(jam.Session.History).Item.ItemId);
    }

    [Fact]
    public void PlayNext_QueueEmptyAndNothingPlaying_IsRejectedAsQueueEmpty()
    {
        var jam = JamBuilder.Create();

        HuddleAssert.Rejects(jam.Session, "queue_empty", () => jam.Session.PlayNext(Host, 0));
    }

    [Fact]
    public void PlayNext_HistoryIsMostRecentFirstAndCappedAtHistorySize()
    {
        var jam = JamBuilder.Create(limits: new HuddleLimits { HistorySize = 3 });
        for (var i = 1; i <= 6; i++) jam.Add(Host, $"s{i}", at: i);

        for (var i = 1; i <= 6; i++) jam.PlayNext(at: i * 1_000);

        // s6 plays; s1 fell out of the three-entry history long ago.
        Assert.Equal(JamBuilder.ItemOf("s6"), jam.Session.NowPlaying!.Item.ItemId);
        Assert.Equal(
            [JamBuilder.ItemOf("s5"), JamBuilder.ItemOf("s4"), JamBuilder.ItemOf("s3")],
            jam.Session.History.Select(h => h.Item.ItemId));
        // PlayedAt is when the item left the player (the moment the next one started).
        Assert.Equal([6_000L, 5_000L, 4_000L], jam.Session.History.Select(h => h.PlayedAt));
    }

    [Fact]
    public void PlayNext_DefaultHistorySize_IsFifty()
    {
        var jam = JamBuilder.Create();
        for (var i = 0; i < 60; i++)
        {
            jam.Add(Host, $"s{i}", at: i);
            jam.PlayNext(at: i);
        }

        Assert.Equal(50, jam.Session.History.Count);
    }

    [Fact]
    public void UpdatePlayback_PauseAndSeek_SetsStateOnServerClock()
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1", durationSeconds: 200);
        jam.PlayNext(at: 0);

        var events = jam.Do(jam.Session.UpdatePlayback(Host, false, 42.5, 10_000), 10_000);

        Assert.Equal([new PlaybackChanged(false, 42.5, 10_000)], events);
        Assert.Equal(new PlaybackState(false, 42.5, 10_000), jam.Session.NowPlaying!.Playback);
        Assert.Equal(0, jam.Session.NowPlaying.StartedAt);
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(200.001)]
    [InlineData(double.NaN)]
    public void UpdatePlayback_PositionOutsideSong_IsRejected(double position)
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1", durationSeconds: 200);
        jam.PlayNext(at: 0);

        HuddleAssert.Rejects(jam.Session, "invalid_input", () => jam.Session.UpdatePlayback(Host, true, position, 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    public void UpdatePlayback_PositionAtSongBounds_IsAccepted(double position)
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1", durationSeconds: 200);
        jam.PlayNext(at: 0);

        Assert.Single(jam.Session.UpdatePlayback(Host, true, position, 1));
    }

    [Fact]
    public void UpdatePlayback_NothingPlaying_IsRejected()
    {
        var jam = JamBuilder.Create();

        HuddleAssert.Rejects(jam.Session, "nothing_playing", () => jam.Session.UpdatePlayback(Host, true, 0, 0));
    }

    [Fact]
    public void PositionAt_Playing_AdvancesWithServerClock()
    {
        var playback = new PlaybackState(true, 10, 1_000);

        Assert.Equal(10.0, playback.PositionAt(1_000));
        Assert.Equal(10.25, playback.PositionAt(1_250));
        Assert.Equal(70.0, playback.PositionAt(61_000));
    }

    [Fact]
    public void PositionAt_Paused_StaysPut()
    {
        var playback = new PlaybackState(false, 10, 1_000);

        Assert.Equal(10.0, playback.PositionAt(1_000_000));
    }

    [Fact]
    public void PositionAt_ClockBeforeUpdate_NeverGoesBackwards()
    {
        var playback = new PlaybackState(true, 10, 1_000);

        Assert.Equal(10.0, playback.PositionAt(500));
    }

    [Fact]
    public void AutoAdvanceIfDue_BeforeDurationElapses_Nothing_AfterItAdvances()
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1", durationSeconds: 180);
        var next = jam.Add(Host, "s2");
        jam.PlayNext(at: 1_000);

        Assert.Empty(jam.Session.AutoAdvanceIfDue(1_000));
        Assert.Empty(jam.Session.AutoAdvanceIfDue(180_999));
        var events = jam.Session.AutoAdvanceIfDue(181_000);

        Assert.Equal([new NowPlayingChanged(next, 181_000, "ended")], events);
        Assert.Equal(181_000, jam.Session.AutoAdvanceAt());
    }

    [Fact]
    public void AutoAdvanceIfDue_LastSong_EndsIntoSilence()
    {
        var jam = JamBuilder.Create();
        var only = jam.Add(Host, "s1", durationSeconds: 10);
        jam.PlayNext(at: 0);

        jam.Do(jam.Session.AutoAdvanceIfDue(10_000), 10_000);

        Assert.Null(jam.Session.NowPlaying);
        Assert.Equal(only, Assert.Single(jam.Session.History).Item.ItemId);
        Assert.Empty(jam.Session.AutoAdvanceIfDue(1_000_000));
        Assert.Null(jam.Session.AutoAdvanceAt());
    }

    [Fact]
    public void AutoAdvanceIfDue_AfterSeek_CountsFromNewPosition()
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1", durationSeconds: 180);
        jam.PlayNext(at: 0);
        jam.Do(jam.Session.UpdatePlayback(Host, true, 170, 5_000), 5_000);

        Assert.Empty(jam.Session.AutoAdvanceIfDue(14_999));
        Assert.NotEmpty(jam.Session.AutoAdvanceIfDue(15_000));
        Assert.Equal(15_000, jam.Session.AutoAdvanceAt());
    }

    [Fact]
    public void AutoAdvanceIfDue_Paused_NeverAdvances()
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1", durationSeconds: 180);
        jam.Add(Host, "s2");
        jam.PlayNext(at: 0);
        jam.Do(jam.Session.UpdatePlayback(Host, false, 100, 100_000), 100_000);

        Assert.Empty(jam.Session.AutoAdvanceIfDue(10_000_000));
        Assert.Null(jam.Session.AutoAdvanceAt());
    }

    [Fact]
    public void AutoAdvanceIfDue_AutoPlayOff_NeverAdvances()
    {
        var jam = JamBuilder.Create(new SettingsPatch(AutoPlay: false));
        jam.Add(Host, "s1", durationSeconds: 180);
        jam.Add(Host, "s2");
        jam.PlayNext(at: 0);

        Assert.Empty(jam.Session.AutoAdvanceIfDue(10_000_000));
        Assert.Null(jam.Session.AutoAdvanceAt());
    }

    [Fact]
    public void AutoAdvanceIfDue_NothingPlaying_Nothing()
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1");

        Assert.Empty(jam.Session.AutoAdvanceIfDue(10_000_000));
    }

    [Fact]
    public void AutoAdvanceIfDue_SongWithoutDuration_NeverAdvances()
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1", durationSeconds: 0);
        jam.PlayNext(at: 0);

        Assert.Empty(jam.Session.AutoAdvanceIfDue(10_000_000));
        Assert.Null(jam.Session.AutoAdvanceAt());
    }

    [Fact]
    public void AutoAdvanceAt_FractionalPosition_RoundsUpToTheMillisecond()
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1", durationSeconds: 10);
        jam.PlayNext(at: 0);
        jam.Do(jam.Session.UpdatePlayback(Host, true, 9.0005, 1_000), 1_000);

        var at = jam.Session.AutoAdvanceAt()!.Value;

        Assert.Equal(2_000, at);
        Assert.NotEmpty(jam.Session.AutoAdvanceIfDue(at));
    }

    [Fact]
    public void PlayNext_SecondPersonWithinTheWindow_IsTheSamePressAndChangesNothing()
    {
        var jam = JamBuilder.Create();
        var moderator = jam.Join("Mo");
        jam.MakeModerator(moderator);
        jam.Add(Host, "s1");
        var second = jam.Add(Host, "s2");
        jam.Add(Host, "s3");
        jam.PlayNext(at: 1_000);

        jam.PlayNext(at: 50_000, actorId: Host);
        var events = jam.Session.PlayNext(moderator, 50_000 + Session.DoubleNextWindowMs - 1);

        Assert.Empty(events);
        Assert.Equal(second, jam.Session.NowPlaying!.Item.ItemId);
    }

    [Fact]
    public void PlayNext_SamePersonTwiceQuickly_SkipsTwice()
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1");
        jam.Add(Host, "s2");
        var third = jam.Add(Host, "s3");
        jam.PlayNext(at: 1_000);
        jam.PlayNext(at: 50_000);

        jam.PlayNext(at: 50_100);

        Assert.Equal(third, jam.Session.NowPlaying!.Item.ItemId);
    }

    [Fact]
    public void PlayNext_SecondPersonAfterTheWindow_Advances()
    {
        var jam = JamBuilder.Create();
        var moderator = jam.Join("Mo");
        jam.MakeModerator(moderator);
        jam.Add(Host, "s1");
        jam.Add(Host, "s2");
        var third = jam.Add(Host, "s3");
        jam.PlayNext(at: 1_000);
        jam.PlayNext(at: 50_000);

        jam.PlayNext(at: 50_000 + Session.DoubleNextWindowMs, actorId: moderator);

        Assert.Equal(third, jam.Session.NowPlaying!.Item.ItemId);
    }
}
