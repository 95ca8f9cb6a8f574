using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

public class VoteSkipTests
{
    private const string Host = JamBuilder.HostId;

    [Fact]
    public void VoteSkip_HalfThresholdFourPresent_SecondDistinctVoteAdvances()
    {
        var (jam, bob, cy, _) = PlayingWithFour();
        var next = JamBuilder.ItemOf("s2");

        var firstVote = jam.Do(jam.Session.VoteSkip(bob, 2_000), 2_000);
        Assert.Equal([new SkipVoteCast(bob)], firstVote);
        Assert.Equal((1, 2), jam.Session.SkipTally());

        var secondVote = jam.Do(jam.Session.VoteSkip(cy, 3_000), 3_000);

        Assert.Equal([new SkipVoteCast(cy), new NowPlayingChanged(next, 3_000, "skipped")], secondVote);
        Assert.Equal(next, jam.Session.NowPlaying!.Item.ItemId);
        Assert.Equal(JamBuilder.ItemOf("s1"), Assert.Single(jam.Session.History).Item.ItemId);
        Assert.Empty(jam.Session.SkipVotes);
    }

    [Fact]
    public void VoteSkip_SameParticipantTwice_SecondIsNoOp()
    {
        var (jam, bob, _, _) = PlayingWithFour();
        jam.Do(jam.Session.VoteSkip(bob, 2_000));

        Assert.Empty(jam.Session.VoteSkip(bob, 2_500));
        Assert.Equal((1, 2), jam.Session.SkipTally());
        Assert.Equal(JamBuilder.ItemOf("s1"), jam.Session.NowPlaying!.Item.ItemId);
    }

    [Fact]
    public void VoteSkip_VoterWhoDisconnected_NoLongerCounts()
    {
        var (jam, bob, cy, _) = PlayingWithFour();
        jam.Do(jam.Session.VoteSkip(bob, 2_000));
        jam.Disconnect(bob, 2_500);
        // Three present: 2 votes needed, none of them counted so far.
        Assert.Equal((0, 2), jam.Session.SkipTally());

        var events = jam.Session.VoteSkip(cy, 3_000);

        Assert.Equal([new SkipVoteCast(cy)], events);
    }

    [Fact]
    public void VoteSkip_VoterWhoLeft_VoteIsDropped()
    {
        var (jam, bob, _, _) = PlayingWithFour();
        jam.Do(jam.Session.VoteSkip(bob, 2_000));

        jam.Do(jam.Session.Leave(bob, 2_500));

        Assert.DoesNotContain(bob, jam.Session.SkipVotes);
    }

    [Fact]
    public void AbsentParticipant_CannotVoteSkipOrQueue()
    {
        var (jam, bob, _, _) = PlayingWithFour();
        var eve = jam.Join("Eve");
        jam.Do(jam.Session.VoteSkip(bob, 2_000));
        jam.Disconnect(eve, 2_500);

        HuddleAssert.Rejects(jam.Session, "not_joined", () => jam.Session.VoteSkip(eve, 3_000));
        HuddleAssert.Rejects(jam.Session, "not_joined", () => jam.Session.AddToQueue(eve, JamBuilder.Song("s9"), "i_s9", 3_000));
        Assert.Equal(JamBuilder.ItemOf("s1"), jam.Session.NowPlaying!.Item.ItemId);
    }

    [Fact]
    public void AbsentHost_CanStillEndTheSession()
    {
        var jam = JamBuilder.Create();
        jam.Disconnect(Host, 1_000);

        Assert.Equal([new SessionEnded("ended_by_host", 2_000)], jam.Session.End(Host, "ended_by_host", 2_000));
    }

    [Fact]
    public void VoteSkip_AbsentParticipantsDoNotRaiseTheBar()
    {
        var (jam, bob, cy, dee) = PlayingWithFour();
        jam.Disconnect(cy, 1_500);
        jam.Disconnect(dee, 1_500);
        // Two present at 0.5: one vote is enough.

        var events = jam.Session.VoteSkip(bob, 2_000);

        Assert.Equal([new SkipVoteCast(bob), new NowPlayingChanged(JamBuilder.ItemOf("s2"), 2_000, "skipped")], events);
    }

    [Theory]
    [InlineData(1.0, 4)]
    [InlineData(0.75, 3)]
    [InlineData(0.5, 2)]
    [InlineData(0.3, 2)]
    [InlineData(0.25, 1)]
    [InlineData(0.01, 1)]
    public void SkipTally_FourPresent_NeedsCeilingOfThresholdShare(double threshold, int needed)
    {
        var (jam, _, _, _) = PlayingWithFour(threshold);

        Assert.Equal((0, needed), jam.Session.SkipTally());
    }

    [Fact]
    public void SkipTally_ThresholdTimesPresentIsWhole_NoFloatingPointOvershoot()
    {
        // 0.3 × 10 is 3.0000000000000004 in binary floating point: it must still need 3, not 4.
        var jam = JamBuilder.Create(new SettingsPatch(SkipThreshold: 0.3));
        for (var i = 0; i < 9; i++) jam.Join($"P{i}");

        Assert.Equal(10, jam.Session.PresentCount);
        Assert.Equal((0, 3), jam.Session.SkipTally());
    }

    [Fact]
    public void VoteSkip_NothingPlaying_IsRejected()
    {
        var jam = JamBuilder.Create();

        HuddleAssert.Rejects(jam.Session, "nothing_playing", () => jam.Session.VoteSkip(Host, 0));
    }

    [Fact]
    public void VoteSkip_ByAnyMember_IsAllowed()
    {
        var (jam, bob, _, _) = PlayingWithFour();

        Assert.Equal(Role.Member, jam.Session.Find(bob)!.Role);
        Assert.NotEmpty(jam.Session.VoteSkip(bob, 0));
    }

    [Fact]
    public void VoteSkip_ThresholdReachedOnLastSong_StopsPlayback()
    {
        var jam = JamBuilder.Create(new SettingsPatch(SkipThreshold: 1));
        jam.Add(Host, "s1");
        jam.PlayNext(at: 0);

        jam.Do(jam.Session.VoteSkip(Host, 10), 10);

        Assert.Null(jam.Session.NowPlaying);
        Assert.Single(jam.Session.History);
    }

    /// <summary>Host plus three members present, s1 playing and s2 queued.</summary>
    private static (JamBuilder Jam, string Bob, string Cy, string Dee) PlayingWithFour(double threshold = 0.5)
    {
        var jam = JamBuilder.Create(new SettingsPatch(SkipThreshold: threshold));
        var bob = jam.Join("Bob");
        var cy = jam.Join("Cy");
        var dee = jam.Join("Dee");
        jam.Add(Host, "s1");
        jam.Add(Host, "s2");
        jam.PlayNext(at: 1_000);
        Assert.Equal(4, jam.Session.PresentCount);
        return (jam, bob, cy, dee);
    }
}
