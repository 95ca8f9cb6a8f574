using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Hub;

/// <summary>Issue 17 on the real hub: fairness settings, MoveToTop/PinItem and one auto-DJ advance, on a fake clock.</summary>
public sealed class FairQueueFlowTests : ServerTest
{
    private readonly FakeTimeProvider _time;

    public FairQueueFlowTests()
        : this(new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 20, 0, 0, TimeSpan.Zero)))
    {
    }

    private FairQueueFlowTests(FakeTimeProvider time)
        : base(null, time) => _time = time;

    [Fact]
    public async Task FairnessSettings_DefaultsInTheSnapshot_HostChangesThem_EveryoneSeesThem()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Bea");
        var defaults = guest.Snapshot.GetProperty("session").GetProperty("settings");
        Assert.True(defaults.GetProperty("autoDj").GetBoolean());
        Assert.Equal(0, defaults.GetProperty("maxQueuedPerPerson").GetInt32());
        Assert.Equal(0, defaults.GetProperty("addCooldownSeconds").GetInt32());
        Assert.Equal("votes", defaults.Str("queueOrder"));
        Assert.False(defaults.GetProperty("lockAdding").GetBoolean());

        await host.Send("UpdateSettings", new { autoDj = false, maxQueuedPerPerson = 2, addCooldownSeconds = 30, queueOrder = "FAIR", lockAdding = true });

        var settings = (await guest.WaitFor("settingsUpdated")).GetProperty("settings");
        Assert.False(settings.GetProperty("autoDj").GetBoolean());
        Assert.Equal(2, settings.GetProperty("maxQueuedPerPerson").GetInt32());
        Assert.Equal(30, settings.GetProperty("addCooldownSeconds").GetInt32());
        Assert.Equal("fair", settings.Str("queueOrder"));
        Assert.True(settings.GetProperty("lockAdding").GetBoolean());
    }

    [Fact]
    public async Task FairnessSettings_BadValuesOrAMember_AreRejectedAndChangeNothing()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Bea");
        var before = await host.SnapshotAsync();

        await host.RejectedAsync("invalid_settings", "UpdateSettings", new { queueOrder = "loudest" });
        await host.RejectedAsync("invalid_settings", "UpdateSettings", new { maxQueuedPerPerson = -1 });
        await host.RejectedAsync("invalid_settings", "UpdateSettings", new { addCooldownSeconds = 3601 });
        await host.RejectedAsync("invalid_input", "UpdateSettings", new { lockAdding = "yes" });
        await host.RejectedAsync("invalid_input", "UpdateSettings", new { queueOrder = 1 });
        await guest.RejectedAsync("not_allowed", "UpdateSettings", new { lockAdding = true });

        var after = await host.SnapshotAsync();
        Assert.Equal(before.GetProperty("session").Version(), after.GetProperty("session").Version());
        Assert.Equal(before.GetProperty("session").GetProperty("settings").GetRawText(), after.GetProperty("session").GetProperty("settings").GetRawText());
    }

    [Fact]
    public async Task AddRules_LimitCooldownAndLock_RejectWithTheirCodes_OnTheServerClock()
    {
        var (session, host) = await Server.CreateAndJoinAsync(settings: new { maxQueuedPerPerson = 2, addCooldownSeconds = 30 });
        var guest = await Server.JoinAsync(session.Code, "Bea");
        await guest.AddAsync("s0001");

        var version = (await guest.SnapshotAsync()).GetProperty("session").Version();
        _time.Advance(TimeSpan.FromSeconds(10));
        var cooldown = await guest.RejectedAsync("add_cooldown", "AddToQueue", new { catalogId = "s0002" });
        Assert.EndsWith("You can add another song in 20 s.", cooldown, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(20));
        await guest.AddAsync("s0002");
        _time.Advance(TimeSpan.FromSeconds(30));
        await guest.RejectedAsync("queue_limit_reached", "AddToQueue", new { catalogId = "s0003" });

        await host.Send("UpdateSettings", new { lockAdding = true });
        await host.Send("RemoveFromQueue", new { itemId = (await guest.SnapshotAsync()).GetProperty("queue")[0].Str("itemId") });
        await guest.RejectedAsync("adding_locked", "AddToQueue", new { catalogId = "s0003" });
        await host.AddAsync("s0003"); // the host still adds

        var queue = (await guest.SnapshotAsync()).GetProperty("queue");
        Assert.Equal(["s0002", "s0003"], queue.EnumerateArray().Select(i => i.Str("catalogId")));
        Assert.Equal(version + 4, (await guest.SnapshotAsync()).GetProperty("session").Version());
    }

    [Fact]
    public async Task FairOrder_QueueUpdatedCarriesTheInterleavedOrder_MoveAndPinSendOneItemsNewPlace()
    {
        var (session, host) = await Server.CreateAndJoinAsync(settings: new { queueOrder = "fair" });
        var guest = await Server.JoinAsync(session.Code, "Bea");
        var b1 = await guest.AddAsync("s0001");
        var b2 = await guest.AddAsync("s0002");
        var h1 = await host.AddAsync("s0003");
        var added = await guest.WaitFor("queueUpdated", e => e.GetProperty("queue").GetArrayLength() == 3);
        Assert.Equal([b1, h1, b2], added.GetProperty("queue").ItemIds());

        // In fair order a vote may move several items: the whole queue comes again, in the server's order.
        await host.Send("Vote", new { itemId = b2, value = 1 });
        var voted = await guest.WaitFor("queueUpdated", e => e.GetProperty("queue")[0].Str("itemId") == b2);
        Assert.Equal([b2, h1, b1], voted.GetProperty("queue").ItemIds());

        await host.Send("MoveToTop", new { itemId = b1 });
        var moved = await guest.WaitFor("itemMoved", e => e.Str("itemId") == b1);
        Assert.Equal(0, moved.GetProperty("position").GetInt32());
        Assert.False(moved.GetProperty("pinned").GetBoolean());

        await host.Send("PinItem", new { itemId = h1, pinned = true });
        var pinned = await guest.WaitFor("itemMoved", e => e.Str("itemId") == h1);
        Assert.Equal(0, pinned.GetProperty("position").GetInt32());
        Assert.True(pinned.GetProperty("pinned").GetBoolean());
        Assert.Equal(pinned.Version(), moved.Version() + 1);

        var queue = (await guest.SnapshotAsync()).GetProperty("queue");
        Assert.Equal([h1, b1, b2], queue.ItemIds());
        Assert.True(queue[0].GetProperty("pinned").GetBoolean());
    }

    [Fact]
    public async Task MoveAndPin_ByAMemberOrMalformed_AreRejectedAndChangeNothing()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Bea");
        await host.AddAsync("s0001");
        var second = await host.AddAsync("s0002");
        var before = await host.SnapshotAsync();

        await guest.RejectedAsync("not_allowed", "MoveToTop", new { itemId = second });
        await guest.RejectedAsync("not_allowed", "PinItem", new { itemId = second, pinned = true });
        await host.RejectedAsync("item_not_found", "MoveToTop", new { itemId = "q_nope" });
        await host.RejectedAsync("invalid_input", "PinItem", new { itemId = second });
        await host.RejectedAsync("invalid_input", "PinItem", new { itemId = second, pinned = "yes" });
        await host.RejectedAsync("invalid_input", "MoveToTop", new { });

        var after = await host.SnapshotAsync();
        Assert.Equal(before.GetProperty("session").Version(), after.GetProperty("session").Version());
        Assert.Equal(before.GetProperty("queue").GetRawText(), after.GetProperty("queue").GetRawText());
    }

    [Fact]
    public async Task AutoDj_LastSongEnds_HuddlePicksAndPlaysTheNext_MarkedAsPickedByHuddle()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Bea");
        var first = await host.AddAsync("s0002");
        await host.Send("PlayNext");
        var duration = (await host.SnapshotAsync()).GetProperty("nowPlaying").GetProperty("item").GetProperty("durationSeconds").GetInt32();

        _time.Advance(TimeSpan.FromSeconds(duration + 1));
        var advanced = await guest.WaitFor("nowPlaying", e => e.Str("reason") == "ended");

        var item = advanced.GetProperty("item");
        Assert.Equal("huddle", item.GetProperty("addedBy").Str("participantId"));
        Assert.Equal("Huddle", item.GetProperty("addedBy").Str("name"));
        Assert.NotEqual("s0002", item.Str("catalogId"));
        Assert.True(advanced.GetProperty("playback").GetProperty("isPlaying").GetBoolean());
        var snapshot = await guest.SnapshotAsync();
        Assert.Equal(item.Str("itemId"), snapshot.GetProperty("nowPlaying").GetProperty("item").Str("itemId"));
        Assert.Equal(0, snapshot.GetProperty("queue").GetArrayLength());
        Assert.Equal(first, snapshot.GetProperty("history")[0].Str("itemId"));

        // By the recommender's rules: the other Queen songs score 3 (genre) + 2 (artist) + random, above any
        // other Rock song (3 + random, random < 2) and far above other genres (random alone).
        Assert.Equal("Queen", item.Str("artist"));
        Assert.Equal("Rock", item.Str("genre"));
    }
}
