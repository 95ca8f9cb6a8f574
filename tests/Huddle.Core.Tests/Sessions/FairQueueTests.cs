using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

/// <summary>The jam's fairness settings (issue 17): per-person limit, cooldown, fair order, move to top, pin, lock.</summary>
public class FairQueueTests
{
    private const string Host = JamBuilder.HostId;

    [Fact]
    public void Defaults_AutoDjOn_NoLimitNoCooldown_VotesOrder_AddingOpen()
    {
        var settings = JamBuilder.Create().Session.Settings;

        Assert.True(settings.AutoDj);
        Assert.Equal(0, settings.MaxQueuedPerPerson);
        Assert.Equal(0, settings.AddCooldownSeconds);
        Assert.Equal(QueueOrder.Votes, settings.QueueOrder);
        Assert.False(settings.LockAdding);
    }

    [Fact]
    public void MaxQueuedPerPerson_OneMoreThanTheLimit_IsRejected_UntilOneOfTheirsHasPlayed()
    {
        var jam = JamBuilder.Create(new SettingsPatch(MaxQueuedPerPerson: 2));
        var bob = jam.Join("Bob");
        jam.Add(bob, "s1");
        jam.Add(bob, "s2");

        var error = HuddleAssert.Rejects(jam.Session, "queue_limit_reached", () => jam.Session.AddToQueue(bob, JamBuilder.Song("s3"), "i_s3", 0));
        Assert.Contains("2 songs", error.Message, StringComparison.Ordinal);

        // Someone else's share is their own.
        jam.Add(Host, "s4");
        jam.PlayNext(at: 1);
        Assert.Equal("i_s1", jam.Session.NowPlaying!.Item.ItemId);
        jam.Add(bob, "s3", at: 2); // the playing song no longer counts
        Assert.Equal(3, jam.Session.Queue.Count);
    }

    [Fact]
    public void AddCooldown_SecondAddTooSoon_IsRejectedWithSecondsRemaining_AndAllowedWhenItHasPassed()
    {
        var jam = JamBuilder.Create(new SettingsPatch(AddCooldownSeconds: 30));
        var bob = jam.Join("Bob");
        jam.Add(bob, "s1", at: 100_000);

        var error = HuddleAssert.Rejects(jam.Session, "add_cooldown", () => jam.Session.AddToQueue(bob, JamBuilder.Song("s2"), "i_s2", 110_000));
        Assert.Equal("You can add another song in 20 s.", error.Message);
        Assert.Equal(ErrorKind.RateLimited, error.Kind);
        var almost = HuddleAssert.Rejects(jam.Session, "add_cooldown", () => jam.Session.AddToQueue(bob, JamBuilder.Song("s2"), "i_s2", 129_999));
        Assert.Equal("You can add another song in 1 s.", almost.Message);

        jam.Add(Host, "s3", at: 110_000); // the cooldown is per person
        jam.Add(bob, "s2", at: 130_000);
        Assert.Equal(["i_s1", "i_s3", "i_s2"], jam.QueueIds());
    }

    [Fact]
    public void LockAdding_MemberIsRejected_HostAndModeratorStillAdd()
    {
        var jam = JamBuilder.Create(new SettingsPatch(LockAdding: true));
        var bob = jam.Join("Bob");
        var mo = jam.Join("Mo");
        jam.MakeModerator(mo);

        HuddleAssert.Rejects(jam.Session, "adding_locked", () => jam.Session.AddToQueue(bob, JamBuilder.Song("s1"), "i_s1", 0));
        jam.Add(Host, "s1");
        jam.Add(mo, "s2");

        Assert.Equal(["i_s1", "i_s2"], jam.QueueIds());
        jam.Do(jam.Session.UpdateSettings(Host, new SettingsPatch(LockAdding: false)));
        jam.Add(bob, "s3");
        Assert.Equal(3, jam.Session.Queue.Count);
    }

    [Fact]
    public void FairOrder_InterleavesContributorsRoundRobin_VotesDecideWithinARound()
    {
        var jam = JamBuilder.Create(new SettingsPatch(QueueOrder: "fair"));
        var ann = jam.Join("Ann");
        var bob = jam.Join("Bob");
        var a1 = jam.Add(ann, "a1", at: 1);
        var a2 = jam.Add(ann, "a2", at: 2);
        var a3 = jam.Add(ann, "a3", at: 3);
        var b1 = jam.Add(bob, "b1", at: 4);
        var h1 = jam.Add(Host, "h1", at: 5);
        var h2 = jam.Add(Host, "h2", at: 6);

        // Round 1: each person's first; round 2: each one's second; then Ann's third.
        Assert.Equal([a1, b1, h1, a2, h2, a3], jam.QueueIds());

        // A vote orders a round: h1 leads the first round, but cannot jump into it twice.
        jam.Vote(bob, h1, 1);
        Assert.Equal([h1, a1, b1, a2, h2, a3], jam.QueueIds());

        // Votes also pick which of a person's songs goes in which round: Ann's a3 is now her best.
        jam.Vote(Host, a3, 1);
        jam.Vote(bob, a3, 1);
        Assert.Equal([a3, h1, b1, a1, h2, a2], jam.QueueIds());
    }

    [Fact]
    public void QueueOrder_SwitchingBackToVotes_RestoresSeed004Order()
    {
        var jam = JamBuilder.Create(new SettingsPatch(QueueOrder: "fair"));
        var ann = jam.Join("Ann");
        var a1 = jam.Add(ann, "a1", at: 1);
        var a2 = jam.Add(ann, "a2", at: 2);
        var h1 = jam.Add(Host, "h1", at: 3);
        Assert.Equal([a1, h1, a2], jam.QueueIds());

        jam.Do(jam.Session.UpdateSettings(Host, new SettingsPatch(QueueOrder: "votes")));

        Assert.Equal([a1, a2, h1], jam.QueueIds());
    }

    [Fact]
    public void MoveToTop_PutsTheItemFirst_VotesDoNotDisplaceIt_ALaterMoveGoesAhead()
    {
        var (jam, bob, items) = HostQueued(3);
        var (s1, s2, s3) = (items[0], items[1], items[2]);

        Assert.Equal([new ItemMovedToTop(s3)], jam.Do(jam.Session.MoveToTop(Host, s3)));
        Assert.Equal([s3, s1, s2], jam.QueueIds());

        jam.Vote(bob, s2, 1);
        Assert.Equal([s3, s2, s1], jam.QueueIds());

        jam.Do(jam.Session.MoveToTop(Host, s1));
        Assert.Equal([s1, s3, s2], jam.QueueIds());
        Assert.Empty(jam.Session.MoveToTop(Host, s1)); // already first: nothing to commit

        jam.PlayNext(at: 4);
        Assert.Equal(s1, jam.Session.NowPlaying!.Item.ItemId);
    }

    [Fact]
    public void PinItem_PinnedStayFirstInPinOrder_AboveMovedItems_UnpinReturnsItToItsPlace()
    {
        var (jam, bob, items) = HostQueued(4);
        var (s1, s2, s3, s4) = (items[0], items[1], items[2], items[3]);

        jam.Do(jam.Session.PinItem(Host, s3, true));
        jam.Do(jam.Session.PinItem(Host, s4, true));
        jam.Do(jam.Session.MoveToTop(Host, s2));
        jam.Vote(bob, s1, 1);
        Assert.Equal([s3, s4, s2, s1], jam.QueueIds());
        Assert.True(jam.Session.FindItem(s3)!.Pinned);
        Assert.Empty(jam.Session.PinItem(Host, s3, true));
        Assert.Empty(jam.Session.MoveToTop(Host, s4)); // a pin already stays first

        jam.Do(jam.Session.PinItem(Host, s3, false));

        Assert.Equal([s4, s2, s1, s3], jam.QueueIds());
        Assert.False(jam.Session.FindItem(s3)!.Pinned);
    }

    [Fact]
    public void MoveAndPin_ByAMember_OrOfAnUnknownItem_AreRejectedAndChangeNothing()
    {
        var jam = JamBuilder.Create(new SettingsPatch(QueueOrder: "fair"));
        var bob = jam.Join("Bob");
        var mo = jam.Join("Mo");
        jam.MakeModerator(mo);
        jam.Add(Host, "s1");
        var mine = jam.Add(bob, "s2");

        HuddleAssert.Rejects(jam.Session, "not_allowed", () => jam.Session.MoveToTop(bob, mine));
        HuddleAssert.Rejects(jam.Session, "not_allowed", () => jam.Session.PinItem(bob, mine, true));
        HuddleAssert.Rejects(jam.Session, "item_not_found", () => jam.Session.MoveToTop(Host, "i_nope"));
        HuddleAssert.Rejects(jam.Session, "item_not_found", () => jam.Session.PinItem(Host, "i_nope", true));

        // A moderator manages the queue like the host.
        jam.Do(jam.Session.PinItem(mo, mine, true));
        Assert.Equal(mine, jam.QueueIds()[0]);
    }

    [Fact]
    public void MoveAndPin_InARoomSession_AreNotSupported()
    {
        var jam = JamBuilder.Create(kind: SessionKind.Room);

        HuddleAssert.Rejects(jam.Session, "not_supported", () => jam.Session.MoveToTop(Host, "i_x"));
        HuddleAssert.Rejects(jam.Session, "not_supported", () => jam.Session.PinItem(Host, "i_x", true));
    }

    [Theory]
    [InlineData(-1, 0, "votes")]
    [InlineData(51, 0, "votes")]
    [InlineData(0, -1, "votes")]
    [InlineData(0, 3601, "votes")]
    [InlineData(0, 0, "loudest")]
    [InlineData(0, 0, "")]
    public void UpdateSettings_FairnessOutOfRange_IsRejectedAsInvalidSettings(int perPerson, int cooldown, string order)
    {
        var jam = JamBuilder.Create();

        HuddleAssert.Rejects(jam.Session, "invalid_settings", () => jam.Session.UpdateSettings(
            Host, new SettingsPatch(MaxQueuedPerPerson: perPerson, AddCooldownSeconds: cooldown, QueueOrder: order)));
    }

    [Fact]
    public void UpdateSettings_FairnessByAMember_IsRejected()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");

        HuddleAssert.Rejects(jam.Session, "not_allowed", () => jam.Session.UpdateSettings(bob, new SettingsPatch(LockAdding: true)));
    }

    [Fact]
    public void Replay_OfMovesPinsAndFairOrder_GivesTheSameQueue()
    {
        var jam = JamBuilder.Create(new SettingsPatch(QueueOrder: "fair"));
        var ann = jam.Join("Ann");
        jam.Add(ann, "a1", at: 1);
        var a2 = jam.Add(ann, "a2", at: 2);
        var h1 = jam.Add(Host, "h1", at: 3);
        jam.Add(Host, "h2", at: 4);
        jam.Do(jam.Session.MoveToTop(Host, h1));
        jam.Do(jam.Session.PinItem(Host, a2, true));

        var rebuilt = new Session(jam.Limits);
        foreach (var commit in jam.Commits)
            rebuilt.Apply(commit with { Events = SessionEventJson.Deserialize(SessionEventJson.Serialize(commit.Events)) });

        Assert.Equal(JamBuilder.Snapshot(jam.Session), JamBuilder.Snapshot(rebuilt));
        Assert.Equal(jam.QueueIds(), rebuilt.Queue.Select(i => i.ItemId));
    }

    /// <summary>A jam with Bob and <paramref name="count"/> songs the host added one ms apart (s1 first).</summary>
    private static (JamBuilder Jam, string Bob, string[] Items) HostQueued(int count)
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var items = Enumerable.Range(1, count).Select(i => jam.Add(Host, $"s{i}", at: i)).ToArray();
        return (jam, bob, items);
    }
}
