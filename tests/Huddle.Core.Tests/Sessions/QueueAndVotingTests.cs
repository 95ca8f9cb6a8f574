using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

public class QueueAndVotingTests
{
    private const string Host = JamBuilder.HostId;

    [Fact]
    public void AddToQueue_ResolvedSong_AddsItemWithAdderAndTime()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");

        var events = jam.Session.AddToQueue(bob, JamBuilder.Song("s1", "Jazz", "Miles", 240), "i_1", 1234);

        var added = Assert.IsType<ItemAdded>(Assert.Single(events));
        Assert.Equal(new ItemAdded("i_1", "s1", "Title s1", "Miles", "Jazz", 240, bob, "Bob", 1234), added);
        jam.Do(events);
        var item = Assert.Single(jam.Session.Queue);
        Assert.Equal("i_1", item.ItemId);
        Assert.Equal(bob, item.AddedById);
        Assert.Equal("Bob", item.AddedByName);
        Assert.Equal(1234, item.AddedAt);
        Assert.Equal(new SongRef("s1", "Title s1", "Miles", "Jazz", 240), item.Song);
        Assert.Equal(0, item.Score);
    }

    [Fact]
    public void Queue_Seed004Example_UpvotedLastSongMovesToFront()
    {
        // Seed 004: A, B and C added at the same moment; an upvote on C gives C, A, B.
        var jam = JamBuilder.Create();
        var a = jam.Add(Host, "A", at: 0);
        var b = jam.Add(Host, "B", at: 0);
        var c = jam.Add(Host, "C", at: 0);
        Assert.Equal([a, b, c], jam.QueueIds());

        jam.Vote(Host, c, 1);

        Assert.Equal([c, a, b], jam.QueueIds());
    }

    [Fact]
    public void Queue_EqualScores_OrderedByTimeAddedNotById()
    {
        var jam = JamBuilder.Create();
        // Item ids sort the other way round from the times they were added.
        jam.Do(jam.Session.AddToQueue(Host, JamBuilder.Song("s1"), "i_z", 100));
        jam.Do(jam.Session.AddToQueue(Host, JamBuilder.Song("s2"), "i_y", 200));
        jam.Do(jam.Session.AddToQueue(Host, JamBuilder.Song("s3"), "i_x", 300));

        Assert.Equal(["i_z", "i_y", "i_x"], jam.QueueIds());
    }

    [Fact]
    public void Queue_HigherScore_BeatsEarlierAdd()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var first = jam.Add(Host, "s1", at: 10);
        var second = jam.Add(Host, "s2", at: 20);
        var third = jam.Add(Host, "s3", at: 30);

        jam.Vote(Host, third, 1);
        jam.Vote(bob, third, 1);   // third: +2
        jam.Vote(Host, second, 1); // second: +1
        jam.Vote(bob, first, -1);  // first: -1

        Assert.Equal([third, second, first], jam.QueueIds());
    }

    [Fact]
    public void Queue_Downvote_SinksBelowUnvotedItems()
    {
        var jam = JamBuilder.Create();
        var first = jam.Add(Host, "s1", at: 10);
        var second = jam.Add(Host, "s2", at: 20);

        jam.Vote(Host, first, -1);

        Assert.Equal([second, first], jam.QueueIds());
    }

    [Fact]
    public void Vote_SecondVoteBySameParticipant_ReplacesFirst()
    {
        var jam = JamBuilder.Create();
        var item = jam.Add(Host, "s1");
        jam.Vote(Host, item, 1);

        var events = jam.Session.Vote(Host, item, -1);

        Assert.Equal([new VoteCast(item, Host, -1)], events);
        jam.Do(events);
        var queued = jam.Session.FindItem(item)!;
        Assert.Equal(0, queued.Upvotes);
        Assert.Equal(1, queued.Downvotes);
        Assert.Equal(-1, queued.Score);
        Assert.Equal(-1, queued.VoteOf(Host));
    }

    [Fact]
    public void Vote_Zero_ClearsTheVote()
    {
        var jam = JamBuilder.Create();
        var item = jam.Add(Host, "s1");
        jam.Vote(Host, item, 1);

        jam.Vote(Host, item, 0);

        var queued = jam.Session.FindItem(item)!;
        Assert.Equal(0, queued.Upvotes);
        Assert.Equal(0, queued.Downvotes);
        Assert.Equal(0, queued.Score);
        Assert.Equal(0, queued.VoteOf(Host));
        Assert.Empty(queued.Votes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Vote_SameValueAgain_ReturnsNoEvents(int value)
    {
        var jam = JamBuilder.Create();
        var item = jam.Add(Host, "s1");
        jam.Vote(Host, item, value);

        Assert.Empty(jam.Session.Vote(Host, item, value));
    }

    [Fact]
    public void Vote_ClearWithoutPriorVote_ReturnsNoEvents()
    {
        var jam = JamBuilder.Create();
        var item = jam.Add(Host, "s1");

        Assert.Empty(jam.Session.Vote(Host, item, 0));
    }

    [Fact]
    public void Vote_SeveralParticipants_CountsUpvotesAndDownvotesSeparately()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var cy = jam.Join("Cy");
        var dee = jam.Join("Dee");
        var item = jam.Add(Host, "s1");

        jam.Vote(Host, item, 1);
        jam.Vote(bob, item, 1);
        jam.Vote(cy, item, 1);
        jam.Vote(dee, item, -1);

        var queued = jam.Session.FindItem(item)!;
        Assert.Equal(3, queued.Upvotes);
        Assert.Equal(1, queued.Downvotes);
        Assert.Equal(2, queued.Score);
        Assert.Equal(4, queued.Votes.Count);
        Assert.Equal(1, queued.VoteOf(bob));
        Assert.Equal(-1, queued.VoteOf(dee));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-2)]
    [InlineData(int.MaxValue)]
    public void Vote_OutOfRangeValue_IsRejectedAsInvalidVote(int value)
    {
        var jam = JamBuilder.Create();
        var item = jam.Add(Host, "s1");

        HuddleAssert.Rejects(jam.Session, "invalid_vote", () => jam.Session.Vote(Host, item, value));
    }

    [Fact]
    public void Vote_VotingDisabled_IsRejected()
    {
        var jam = JamBuilder.Create(new SettingsPatch(AllowVoting: false));
        var item = jam.Add(Host, "s1");

        HuddleAssert.Rejects(jam.Session, "voting_disabled", () => jam.Session.Vote(Host, item, 1));
    }

    [Fact]
    public void Vote_HostTurnsVotingOffLive_LaterVotesRejected()
    {
        var jam = JamBuilder.Create();
        var item = jam.Add(Host, "s1");
        jam.Vote(Host, item, 1);

        jam.Do(jam.Session.UpdateSettings(Host, new SettingsPatch(AllowVoting: false)));

        HuddleAssert.Rejects(jam.Session, "voting_disabled", () => jam.Session.Vote(Host, item, 0));
    }

    [Fact]
    public void Vote_UnknownItem_IsRejectedAsItemNotFound()
    {
        var jam = JamBuilder.Create();

        HuddleAssert.Rejects(jam.Session, "item_not_found", () => jam.Session.Vote(Host, "i_nope", 1));
    }

    [Fact]
    public void Vote_NowPlayingItem_IsNotInTheQueue()
    {
        var jam = JamBuilder.Create();
        var item = jam.Add(Host, "s1");
        jam.PlayNext();

        HuddleAssert.Rejects(jam.Session, "item_not_found", () => jam.Session.Vote(Host, item, 1));
    }

    [Fact]
    public void AddToQueue_SongAlreadyQueued_IsRejectedAsDuplicate()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Add(Host, "s1");

        HuddleAssert.Rejects(jam.Session, "duplicate_song",
            () => jam.Session.AddToQueue(bob, JamBuilder.Song("s1"), "i_other", 5));
    }

    [Fact]
    public void AddToQueue_SongNowPlaying_IsRejectedAsDuplicate()
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1");
        jam.PlayNext();
        Assert.Empty(jam.Session.Queue);

        HuddleAssert.Rejects(jam.Session, "duplicate_song",
            () => jam.Session.AddToQueue(Host, JamBuilder.Song("s1"), "i_again", 5));
    }

    [Fact]
    public void AddToQueue_SongPlayedEarlier_MayBeQueuedAgain()
    {
        var jam = JamBuilder.Create();
        jam.Add(Host, "s1");
        jam.PlayNext();
        jam.PlayNext(); // s1 goes to history, nothing plays

        Assert.Single(jam.Session.AddToQueue(Host, JamBuilder.Song("s1"), "i_again", 5));
    }

    [Fact]
    public void AddToQueue_QueueAtMaxQueueSize_IsRejectedAsQueueFull()
    {
        var jam = JamBuilder.Create(new SettingsPatch(MaxQueueSize: 3));
        jam.Add(Host, "s1");
        jam.Add(Host, "s2");
        jam.Add(Host, "s3");

        HuddleAssert.Rejects(jam.Session, "queue_full",
            () => jam.Session.AddToQueue(Host, JamBuilder.Song("s4"), "i_s4", 0));
    }

    [Fact]
    public void AddToQueue_BelowMaxQueueSize_IsAccepted()
    {
        var jam = JamBuilder.Create(new SettingsPatch(MaxQueueSize: 3));
        jam.Add(Host, "s1");
        jam.Add(Host, "s2");

        jam.Add(Host, "s3");

        Assert.Equal(3, jam.Session.Queue.Count);
    }

    [Fact]
    public void AddToQueue_NowPlayingDoesNotCountTowardsQueueSize()
    {
        var jam = JamBuilder.Create(new SettingsPatch(MaxQueueSize: 1));
        jam.Add(Host, "s1");
        jam.PlayNext();

        jam.Add(Host, "s2");

        Assert.Single(jam.Session.Queue);
    }

    [Fact]
    public void AddToQueue_DefaultLimit_IsFiftySongs()
    {
        var jam = JamBuilder.Create();
        for (var i = 0; i < 50; i++) jam.Add(Host, $"s{i}");

        HuddleAssert.Rejects(jam.Session, "queue_full",
            () => jam.Session.AddToQueue(Host, JamBuilder.Song("s50"), "i_s50", 0));
    }

    [Fact]
    public void AddToQueue_RoomSession_IsNotSupported()
    {
        var jam = JamBuilder.Create(kind: SessionKind.Room);

        HuddleAssert.Rejects(jam.Session, "not_supported",
            () => jam.Session.AddToQueue(JamBuilder.HostId, JamBuilder.Song("s1"), "i_s1", 0));
    }

    [Fact]
    public void RoomSession_QueueCommands_AreNotSupported()
    {
        var jam = JamBuilder.Create(kind: SessionKind.Room);
        var s = jam.Session;

        HuddleAssert.Rejects(s, "not_supported", () => s.Vote(Host, "i_1", 1));
        HuddleAssert.Rejects(s, "not_supported", () => s.RemoveFromQueue(Host, "i_1"));
        HuddleAssert.Rejects(s, "not_supported", () => s.PlayNext(Host, 0));
        HuddleAssert.Rejects(s, "not_supported", () => s.UpdatePlayback(Host, true, 0, 0));
        HuddleAssert.Rejects(s, "not_supported", () => s.VoteSkip(Host, 0));
    }

    [Fact]
    public void RemoveFromQueue_UnknownItem_IsRejectedAsItemNotFound()
    {
        var jam = JamBuilder.Create();

        HuddleAssert.Rejects(jam.Session, "item_not_found", () => jam.Session.RemoveFromQueue(Host, "i_nope"));
    }

    [Fact]
    public void RemoveFromQueue_ByOwner_RemovesOnlyThatItem()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var keep = jam.Add(Host, "s1");
        var mine = jam.Add(bob, "s2");

        jam.Do(jam.Session.RemoveFromQueue(bob, mine));

        Assert.Equal([keep], jam.QueueIds());
        Assert.Null(jam.Session.FindItem(mine));
    }

    [Fact]
    public void Commands_WithoutApply_NeverChangeState()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var item = jam.Add(Host, "s1");
        jam.Add(Host, "s2");
        var before = JamBuilder.Snapshot(jam.Session);
        var s = jam.Session;

        // Every command below would succeed; none may touch the session until its events are applied.
        Assert.NotEmpty(s.Vote(bob, item, 1));
        Assert.NotEmpty(s.AddToQueue(bob, JamBuilder.Song("s3"), "i_s3", 1));
        Assert.NotEmpty(s.RemoveFromQueue(Host, item));
        Assert.NotEmpty(s.PlayNext(Host, 1));
        Assert.NotEmpty(s.SetRole(Host, bob, Role.Moderator));
        Assert.NotEmpty(s.UpdateSettings(Host, new SettingsPatch(MaxQueueSize: 10)));
        Assert.NotEmpty(s.Kick(Host, bob));
        Assert.NotEmpty(s.TransferHost(Host, bob));
        Assert.NotEmpty(s.Leave(bob, 1));
        Assert.NotEmpty(s.SetPresence(bob, false, 1));
        Assert.NotEmpty(s.Join("Cy", null, "p_cy", "hash-cy", 1, out _));
        Assert.NotEmpty(s.End(Host, "host", 1));

        Assert.Equal(before, JamBuilder.Snapshot(s));
    }

    [Fact]
    public void Apply_SetsVersionAndLastActivityFromTheCommit()
    {
        var jam = JamBuilder.Create();
        var version = jam.Session.Version;

        jam.Session.Apply(new Commit(version + 1, 98_765, jam.Session.AddToQueue(Host, JamBuilder.Song("s1"), "i_s1", 98_765)));

        Assert.Equal(version + 1, jam.Session.Version);
        Assert.Equal(98_765, jam.Session.LastActivityAt);
    }
}
