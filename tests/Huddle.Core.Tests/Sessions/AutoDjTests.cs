using Huddle.Core.Catalog;
using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

/// <summary>The auto-DJ (issue 17): when the queue runs dry and a song ends, Huddle queues and plays the recommender's pick.</summary>
public class AutoDjTests
{
    private const string Host = JamBuilder.HostId;

    // j01 is playing in every test: its genre (Jazz ×3) and artist (Miles ×2) outweigh any random part (at most 2).
    private static readonly Song[] Library =
    [
        new("j01", "Jazz One", "Miles", "J", 1959, "Jazz", 10),
        new("j02", "Jazz Two", "Miles", "J", 1960, "Jazz", 300),
        new("j03", "Jazz Three", "Coltrane", "J", 1961, "Jazz", 300),
        new("r01", "Rock One", "Stones", "R", 1970, "Rock", 200),
        new("p01", "Pop One", "Prince", "P", 1984, "Pop", 210),
    ];

    [Fact]
    public void SongEnds_QueueEmpty_HuddlePicksTheRecommendersBestSong_AndPlaysIt()
    {
        var jam = Playing(Library);

        var events = jam.Do(jam.Session.AutoAdvanceIfDue(10_000, new SongCatalog(Library)), 10_000);

        var added = Assert.IsType<ItemAdded>(events[0]);
        Assert.Equal(new ItemAdded(added.ItemId, "j02", "Jazz Two", "Miles", "Jazz", 300, Session.AutoDjId, "Huddle", 10_000), added);
        Assert.Equal(new NowPlayingChanged(added.ItemId, 10_000, "ended"), events[1]);
        var playing = jam.Session.NowPlaying!;
        Assert.Equal("j02", playing.Item.Song.CatalogId);
        Assert.Equal(Session.AutoDjId, playing.Item.AddedById);
        Assert.True(playing.Playback.IsPlaying);
        Assert.Empty(jam.Session.Queue);
        Assert.Equal("j01", Assert.Single(jam.Session.History).Item.Song.CatalogId);
    }

    [Fact]
    public void Pick_FollowsTheVotes_ARejectedGenreStopsPulling()
    {
        // Two songs played: the room loved the Rock one and rejected the Jazz one.
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var rock = jam.Add(Host, "r01", genre: "Rock", artist: "Stones", durationSeconds: 10);
        var jazz = jam.Add(Host, "j01", genre: "Jazz", artist: "Miles", durationSeconds: 10);
        jam.Vote(bob, rock, 1);
        jam.Vote(Host, jazz, -1);
        jam.Vote(bob, jazz, -1);
        jam.PlayNext(at: 0);
        jam.PlayNext(at: 1);
        Song[] library = [.. Library, new("r02", "Rock Two", "Stones", "R", 1971, "Rock", 200)];

        jam.Do(jam.Session.AutoAdvanceIfDue(20_000, new SongCatalog(library)), 20_000);

        Assert.Equal("r02", jam.Session.NowPlaying!.Item.Song.CatalogId);
    }

    [Fact]
    public void Pick_IsDeterministic_SameLogSamePick_AndReplayNeedsNoRecommender()
    {
        // Only the random part tells these songs apart: the pick must still be the same every time.
        Song[] library = [new("j01", "Jazz One", "Miles", "J", 1959, "Jazz", 10), .. Enumerable.Range(1, 30).Select(i => new Song($"x{i:00}", $"X {i}", $"Artist {i}", "X", 2000, $"Genre {i}", 100))];
        var first = Playing(library);
        var second = Playing(library);

        var picked = first.Do(first.Session.AutoAdvanceIfDue(10_000, new SongCatalog(library)), 10_000);
        Assert.Equal(picked, second.Session.AutoAdvanceIfDue(10_000, new SongCatalog(library)));

        // Replaying the stored log rebuilds the pick from the events alone.
        var rebuilt = new Session(first.Limits);
        foreach (var commit in first.Commits)
            rebuilt.Apply(commit with { Events = SessionEventJson.Deserialize(SessionEventJson.Serialize(commit.Events)) });
        Assert.Equal(JamBuilder.Snapshot(first.Session), JamBuilder.Snapshot(rebuilt));
        Assert.Equal(first.Session.NowPlaying!.Item.ItemId, rebuilt.NowPlaying!.Item.ItemId);
    }

    [Fact]
    public void Pick_SkipsSongsWithoutAudio_WhenSongsWithAudioExist()
    {
        // p01 would rank far below j02 and j03, but it is the only one a browser can play.
        Song[] library = [.. Library.Where(s => s.Id != "p01"), new("p01", "Pop One", "Prince", "P", 1984, "Pop", 210, "/music/p01.ogg")];
        var jam = Playing(library);

        jam.Do(jam.Session.AutoAdvanceIfDue(10_000, new SongCatalog(library)), 10_000);

        Assert.Equal("p01", jam.Session.NowPlaying!.Item.Song.CatalogId);
    }

    [Fact]
    public void AutoDjOff_OrSongsQueued_OrNobodyPresent_NoPick()
    {
        var catalog = new SongCatalog(Library);
        var off = Playing(Library, new SettingsPatch(AutoDj: false));
        Assert.Equal([new NowPlayingChanged(null, 10_000, "ended")], off.Session.AutoAdvanceIfDue(10_000, catalog));

        var queued = Playing(Library);
        var next = queued.Add(Host, "r01", genre: "Rock");
        Assert.Equal([new NowPlayingChanged(next, 10_000, "ended")], queued.Session.AutoAdvanceIfDue(10_000, catalog));

        var empty = Playing(Library);
        empty.Disconnect(Host);
        Assert.Equal([new NowPlayingChanged(null, 10_000, "ended")], empty.Session.AutoAdvanceIfDue(10_000, catalog));
    }

    [Fact]
    public void NotYetEnded_OrEverySongPlayed_NoPick()
    {
        var jam = Playing(Library);
        Assert.Empty(jam.Session.AutoAdvanceIfDue(9_999, new SongCatalog(Library)));

        // The only song in the library is the one playing: nothing left to pick, the music stops.
        Assert.Equal(
            [new NowPlayingChanged(null, 10_000, "ended")],
            jam.Session.AutoAdvanceIfDue(10_000, new SongCatalog([Library[0]])));
    }

    [Fact]
    public void PickedItem_CannotBeVotedOrRemoved_ItIsPlaying_AndCountsForNobodysLimit()
    {
        var jam = Playing(Library, new SettingsPatch(MaxQueuedPerPerson: 1));
        jam.Do(jam.Session.AutoAdvanceIfDue(10_000, new SongCatalog(Library)), 10_000);
        var picked = jam.Session.NowPlaying!.Item.ItemId;

        HuddleAssert.Rejects(jam.Session, "item_not_found", () => jam.Session.Vote(Host, picked, 1));
        jam.Add(Host, "r01", at: 10_001);
        Assert.Single(jam.Session.Queue);
    }

    /// <summary>A jam playing j01 (10 s long) from 0 with an empty queue.</summary>
    private static JamBuilder Playing(Song[] library, SettingsPatch? settings = null)
    {
        var jam = JamBuilder.Create(settings);
        var j01 = library[0];
        jam.Do(jam.Session.AddToQueue(Host, new SongRef(j01.Id, j01.Title, j01.Artist, j01.Genre, j01.DurationSeconds), "i_j01", 0));
        jam.PlayNext(at: 0);
        return jam;
    }
}
