using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Huddle.Server.Tests.Hub;

/// <summary>A movie night through the real hub: deck, swipes, matches, suggestions, pick and watch party.</summary>
public sealed class MovieFlowTests() : ServerTest
{
    [Fact]
    public async Task Create_DealsTwentyMatchingCards_InAnOrderThatDiffersBetweenSessions()
    {
        var preferences = new { genreIds = new[] { 18 }, region = "gb" };
        var (_, first) = await Server.CreateMovieNightAsync(preferences);
        var (_, second) = await Server.CreateMovieNightAsync(preferences);

        var deck = first.GetProperty("snapshot").Deck();
        var cards = deck.GetProperty("cards");
        Assert.Equal(20, cards.GetArrayLength());
        Assert.All(cards.EnumerateArray(), c =>
        {
            Assert.Contains(18, c.GetProperty("genreIds").EnumerateArray().Select(g => g.GetInt32()));
            Assert.True(c.GetProperty("availabilityIsSample").GetBoolean());
            Assert.Equal(0, c.GetProperty("likes").GetInt32());
            Assert.True(c.GetProperty("runtimeMinutes").GetInt32() > 0);
        });
        Assert.Equal(20, cards.MovieIds().Distinct().Count());
        Assert.Equal("all", deck.Str("matchRule"));
        Assert.Equal("GB", deck.GetProperty("preferences").Str("region"));
        Assert.Equal(JsonValueKind.Null, deck.GetProperty("notice").ValueKind);
        Assert.Empty(deck.GetProperty("matches").EnumerateArray());
        Assert.Empty(deck.GetProperty("ranking").EnumerateArray());
        Assert.Equal("movie", first.GetProperty("snapshot").GetProperty("session").Str("kind"));
        Assert.NotEqual(cards.MovieIds(), second.GetProperty("snapshot").Deck().GetProperty("cards").MovieIds());
    }

    [Fact]
    public async Task ThreePeopleSwipe_MatchFoundExactlyWhenTheLastOneLikes()
    {
        var (session, host, bea, cy) = await ThreeAsync();
        var movieId = cy.Snapshot.Deck().GetProperty("cards").MovieIds()[0];

        await host.Swipe(movieId, true);
        await bea.Swipe(movieId, true);
        await cy.Swipe(movieId, false);
        await cy.WaitFor("deckUpdated", e => e.GetProperty("progress").GetProperty(cy.ParticipantId).GetInt32() == 1);
        Assert.DoesNotContain(host.Events, e => e.Name == "matchFound");

        await cy.Swipe(movieId, true);

        foreach (var client in new[] { host, bea, cy })
        {
            var match = await client.WaitFor("matchFound");
            Assert.Equal(movieId, match.GetProperty("movie").GetProperty("movieId").GetInt32());
            Assert.Equal(3, match.GetProperty("movie").GetProperty("likes").GetInt32());
            Assert.Equal(
                new[] { host.ParticipantId, bea.ParticipantId, cy.ParticipantId }.Order(),
                match.GetProperty("likedBy").EnumerateArray().Select(p => p.GetString()!).Order());
        }

        var snapshot = await bea.SnapshotAsync();
        Assert.Equal(snapshot.GetProperty("session").Version(), (await bea.WaitFor("matchFound")).Version());
        var deck = snapshot.Deck();
        Assert.Equal([movieId], deck.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("movie").GetProperty("movieId").GetInt32()));
        Assert.True(deck.GetProperty("myChoices").GetProperty(movieId.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetBoolean());
        Assert.Equal(movieId, deck.GetProperty("ranking")[0].GetProperty("movieId").GetInt32());
        Assert.Single(host.Events, e => e.Name == "matchFound");
    }

    [Fact]
    public async Task Majority_TwoOfThreeLikes_IsAMatch_OneIsNot()
    {
        var (_, host, bea, _) = await ThreeAsync(settings: new { matchRule = "majority" });
        var movieId = host.Snapshot.Deck().GetProperty("cards").MovieIds()[3];

        await bea.Swipe(movieId, true);
        await host.WaitFor("deckUpdated", e => e.GetProperty("ranking").GetArrayLength() == 1);
        Assert.DoesNotContain(host.Events, e => e.Name == "matchFound");

        await host.Swipe(movieId, true);

        var match = await bea.WaitFor("matchFound");
        Assert.Equal(movieId, match.GetProperty("movie").GetProperty("movieId").GetInt32());
    }

    [Fact]
    public async Task SomeoneLeaves_TheyStopCountingTowardAll_AndTheMatchIsAnnounced()
    {
        var (_, host, bea, cy) = await ThreeAsync();
        var movieId = host.Snapshot.Deck().GetProperty("cards").MovieIds()[1];
        await host.Swipe(movieId, true);
        await bea.Swipe(movieId, true);
        await cy.Swipe(movieId, false);

        await cy.Send("LeaveSession");

        var left = await host.WaitFor("participantLeft", e => e.Str("participantId") == cy.ParticipantId);
        var match = await host.WaitFor("matchFound");
        Assert.Equal(left.Version(), match.Version());
        Assert.Equal(movieId, match.GetProperty("movie").GetProperty("movieId").GetInt32());
        Assert.Equal(movieId, (await bea.WaitFor("matchFound")).GetProperty("movie").GetProperty("movieId").GetInt32());
    }

    [Fact]
    public async Task SomeoneDisconnects_TheMatchIsAnnouncedToo()
    {
        var (_, host, bea, cy) = await ThreeAsync();
        var movieId = host.Snapshot.Deck().GetProperty("cards").MovieIds()[2];
        await host.Swipe(movieId, true);
        await bea.Swipe(movieId, true);

        await cy.Connection.StopAsync();

        var match = await bea.WaitFor("matchFound");
        Assert.Equal(movieId, match.GetProperty("movie").GetProperty("movieId").GetInt32());
        var deck = (await host.SnapshotAsync()).Deck();
        Assert.Equal(1, deck.GetProperty("matches").GetArrayLength());
    }

    [Fact]
    public async Task AKick_ThatCompletesAMatch_AnnouncesIt_AndDropsTheirChoices()
    {
        var (_, host, bea, cy) = await ThreeAsync();
        var movieId = host.Snapshot.Deck().GetProperty("cards").MovieIds()[0];
        await host.Swipe(movieId, true);
        await bea.Swipe(movieId, true);
        await cy.Swipe(movieId, false);

        await host.Send("Kick", new { participantId = cy.ParticipantId });

        var deck = await bea.WaitFor("deckUpdated", e => !e.GetProperty("progress").TryGetProperty(cy.ParticipantId, out _));
        Assert.Equal(0, deck.GetProperty("cards")[0].GetProperty("passes").GetInt32());
        Assert.Equal(movieId, (await bea.WaitFor("matchFound")).GetProperty("movie").GetProperty("movieId").GetInt32());
    }

    [Fact]
    public async Task Suggestions_EnterTheDeckOnce()
    {
        var (session, host, bea, cy) = await ThreeAsync(new { genreIds = new[] { 16 } });
        var found = await Server.Http.GetFromJsonAsync<JsonElement>("/api/movies?q=godfather");
        var godfather = found.GetProperty("items")[0].GetProperty("movieId").GetInt32();
        Assert.Equal(238, godfather);

        await bea.Send("SuggestMovie", new { movieId = godfather });

        var update = await host.WaitFor("deckUpdated", e => e.GetProperty("cards").GetArrayLength() == 21);
        var card = update.GetProperty("cards")[20];
        Assert.Equal("The Godfather", card.Str("title"));
        Assert.Equal(bea.ParticipantId, card.GetProperty("suggestedBy").Str("participantId"));
        Assert.Equal("Bea", card.GetProperty("suggestedBy").Str("name"));
        Assert.Equal(1, card.GetProperty("likes").GetInt32());
        var version = (await cy.SnapshotAsync()).GetProperty("session").Version();

        await cy.Send("SuggestMovie", new { movieId = godfather });
        await bea.Send("SuggestMovie", new { movieId = godfather });
        var dealt = host.Snapshot.Deck().GetProperty("cards").MovieIds()[0];
        await cy.Send("SuggestMovie", new { movieId = dealt });

        var after = await cy.SnapshotAsync();
        Assert.Equal(version, after.GetProperty("session").Version());
        Assert.Equal(21, after.Deck().GetProperty("cards").GetArrayLength());
    }

    [Fact]
    public async Task DealMore_AddsNewCards_UntilTheCatalogRunsOut()
    {
        var (session, host) = await Server.CreateAndJoinMovieNightAsync(new { genreIds = new[] { 18 } });
        var bea = await Server.JoinAsync(session.Code, "Bea");
        var first = host.Snapshot.Deck().GetProperty("cards").MovieIds();

        var dealt = await host.Connection.InvokeAsync<int>("DealMore");

        Assert.Equal(20, dealt);
        var update = await bea.WaitFor("deckUpdated", e => e.GetProperty("cards").GetArrayLength() == 40);
        var all = update.GetProperty("cards").MovieIds();
        Assert.Equal(first, all.Take(20));
        Assert.Equal(40, all.Distinct().Count());

        var (narrow, narrowHost) = await Server.CreateAndJoinMovieNightAsync(new { genreIds = new[] { 35 }, providerIds = new[] { 8 } });
        Assert.Equal(20, narrowHost.Snapshot.Deck().GetProperty("cards").GetArrayLength());
        var version = (await narrowHost.SnapshotAsync()).GetProperty("session").Version();
        await narrowHost.RejectedAsync("no_more_movies", "DealMore");
        Assert.Equal(version, (await narrowHost.SnapshotAsync()).GetProperty("session").Version());
        Assert.NotEqual(session.Code, narrow.Code);
    }

    [Fact]
    public async Task Pick_StartsTheWatchParty_ThatEveryoneSeesInSync()
    {
        var (session, host) = await Server.CreateAndJoinMovieNightAsync();
        var bea = await Server.JoinAsync(session.Code, "Bea");
        var mod = await Server.JoinAsync(session.Code, "Mo");
        await host.Send("SetRole", new { participantId = mod.ParticipantId, role = "moderator" });
        var card = host.Snapshot.Deck().GetProperty("cards")[4];
        var movieId = card.GetProperty("movieId").GetInt32();
        var runtime = card.GetProperty("runtimeMinutes").GetInt32() * 60;

        await host.Send("PickMovie", new { movieId });

        var picked = await bea.WaitFor("nowPlaying");
        Assert.Equal(movieId, picked.GetProperty("item").GetProperty("movieId").GetInt32());
        Assert.False(picked.GetProperty("playback").GetProperty("isPlaying").GetBoolean());
        Assert.Equal("picked", picked.Str("reason"));

        await host.Send("UpdatePlayback", new { isPlaying = true, positionSeconds = 0 });
        var playing = await bea.WaitFor("playbackUpdated", e => e.GetProperty("playback").GetProperty("isPlaying").GetBoolean());
        await mod.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = runtime });
        await bea.WaitFor("playbackUpdated", e => e.GetProperty("playback").GetProperty("positionSeconds").GetDouble() == runtime);
        await bea.RejectedAsync("not_allowed", "UpdatePlayback", new { isPlaying = true, positionSeconds = 10 });
        await host.RejectedAsync("invalid_input", "UpdatePlayback", new { isPlaying = true, positionSeconds = runtime + 1 });

        var snapshot = await bea.SnapshotAsync();
        var nowPlaying = snapshot.GetProperty("nowPlaying");
        Assert.Equal(movieId, nowPlaying.GetProperty("item").GetProperty("movieId").GetInt32());
        Assert.Equal(runtime, nowPlaying.GetProperty("playback").GetProperty("positionSeconds").GetDouble());
        Assert.True(playing.GetProperty("playback").GetProperty("updatedAt").GetInt64() > 0);
        Assert.Empty(snapshot.GetProperty("queue").EnumerateArray());

        // The results stay readable by code, also after the end.
        await host.Send("EndSession");
        var summary = await Server.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session.Code}");
        Assert.Equal("ended", summary.Str("status"));
        Assert.Equal(movieId, summary.GetProperty("movie").GetProperty("picked").GetProperty("movieId").GetInt32());
        Assert.Empty(summary.GetProperty("movie").GetProperty("matches").EnumerateArray());
    }

    [Fact]
    public async Task PickWithoutAnId_TakesTheTopMatch()
    {
        var (session, host) = await Server.CreateAndJoinMovieNightAsync(settings: new { matchRule = "atLeastTwo" });
        var bea = await Server.JoinAsync(session.Code, "Bea");
        await host.RejectedAsync("no_match", "PickMovie", new { });
        var movieId = host.Snapshot.Deck().GetProperty("cards").MovieIds()[7];
        await host.Swipe(movieId, true);
        await bea.Swipe(movieId, true);

        await host.Send("PickMovie", new { });

        Assert.Equal(movieId, (await bea.WaitFor("nowPlaying")).GetProperty("item").GetProperty("movieId").GetInt32());
    }

    [Fact]
    public async Task MethodsOfOtherKinds_AreNotSupported_BothWays()
    {
        var (_, movieHost) = await Server.CreateAndJoinMovieNightAsync();
        await movieHost.RejectedAsync("not_supported", "AddToQueue", new { catalogId = "s0001" });
        await movieHost.RejectedAsync("not_supported", "Vote", new { itemId = "q_x", value = 1 });
        await movieHost.RejectedAsync("not_supported", "RemoveFromQueue", new { itemId = "q_x" });
        await movieHost.RejectedAsync("not_supported", "PlayNext");
        await movieHost.RejectedAsync("not_supported", "VoteSkip");
        await movieHost.RejectedAsync("not_supported", "GetRecommendations", new { });

        foreach (var kind in new[] { "jam", "room" })
        {
            var (_, host) = await Server.CreateAndJoinAsync(kind);
            await host.RejectedAsync("not_supported", "Swipe", new { movieId = 550, like = true });
            await host.RejectedAsync("not_supported", "SuggestMovie", new { movieId = 550 });
            await host.RejectedAsync("not_supported", "PickMovie", new { movieId = 550 });
            await host.RejectedAsync("not_supported", "DealMore");
        }
    }

    [Fact]
    public async Task InvalidInput_IsRejected_AndTheVersionStaysPut()
    {
        var (session, host) = await Server.CreateAndJoinMovieNightAsync();
        var bea = await Server.JoinAsync(session.Code, "Bea");
        var movieId = host.Snapshot.Deck().GetProperty("cards").MovieIds()[0];
        var version = (await host.SnapshotAsync()).GetProperty("session").Version();

        await bea.RejectedAsync("invalid_input", "Swipe", new { like = true });
        await bea.RejectedAsync("invalid_input", "Swipe", new { movieId });
        await bea.RejectedAsync("invalid_input", "Swipe", new { movieId = "550", like = true });
        await bea.RejectedAsync("invalid_input", "Swipe", new { movieId = 1.5, like = true });
        await bea.RejectedAsync("invalid_input", "Swipe", new { movieId, like = "yes" });
        await bea.RejectedAsync("invalid_input", "Swipe", new { movieId = 0, like = true });
        await bea.RejectedAsync("invalid_input", "Swipe", "not an object");
        await bea.RejectedAsync("card_not_found", "Swipe", new { movieId = 999_999, like = true });
        await bea.RejectedAsync("invalid_input", "SuggestMovie", new { });
        await bea.RejectedAsync("invalid_input", "SuggestMovie", new { movieId = -3 });
        await bea.RejectedAsync("movie_not_found", "SuggestMovie", new { movieId = 999_999_999 });
        await bea.RejectedAsync("invalid_input", "PickMovie", new { movieId = "x" });
        await bea.RejectedAsync("not_allowed", "PickMovie", new { movieId });
        await bea.RejectedAsync("not_allowed", "DealMore");
        await host.RejectedAsync("card_not_found", "PickMovie", new { movieId = 999_999 });
        await host.RejectedAsync("no_match", "PickMovie", new { });
        await host.RejectedAsync("nothing_playing", "UpdatePlayback", new { isPlaying = true, positionSeconds = 0 });
        await host.RejectedAsync("invalid_settings", "UpdateSettings", new { matchRule = "most" });
        await host.RejectedAsync("invalid_input", "UpdateSettings", new { matchRule = 2 });
        var outsider = await Server.ConnectAsync();
        await outsider.RejectedAsync("not_joined", "Swipe", new { movieId, like = true });
        await outsider.RejectedAsync("not_joined", "SuggestMovie", new { movieId = 238 });
        await outsider.RejectedAsync("not_joined", "DealMore");

        Assert.Equal(version, (await host.SnapshotAsync()).GetProperty("session").Version());

        await host.Send("UpdateSettings", new { allowVoting = false });
        await bea.RejectedAsync("voting_disabled", "Swipe", new { movieId, like = true });
        await host.Send("EndSession");
        await bea.RejectedAsync("session_ended", "Swipe", new { movieId, like = true });
        await bea.RejectedAsync("session_ended", "SuggestMovie", new { movieId = 238 });
        await host.RejectedAsync("session_ended", "DealMore");
        await host.RejectedAsync("session_ended", "PickMovie", new { movieId });
    }

    [Fact]
    public async Task MatchRule_IsAHostSetting_ThatCanCompleteAMatchLive()
    {
        var (session, host, bea, _) = await ThreeAsync();
        var movieId = host.Snapshot.Deck().GetProperty("cards").MovieIds()[5];
        await host.Swipe(movieId, true);
        await bea.Swipe(movieId, true);
        await bea.RejectedAsync("not_allowed", "UpdateSettings", new { matchRule = "atLeastTwo" });

        await host.Send("UpdateSettings", new { matchRule = "atLeastTwo" });

        var settings = await bea.WaitFor("settingsUpdated");
        Assert.Equal("atLeastTwo", settings.GetProperty("settings").Str("matchRule"));
        Assert.Equal(movieId, (await bea.WaitFor("matchFound")).GetProperty("movie").GetProperty("movieId").GetInt32());
        Assert.Equal("atLeastTwo", (await bea.SnapshotAsync()).Deck().Str("matchRule"));
    }

    /// <summary>A movie night with its host and two guests, Bea and Cy, all connected.</summary>
    private async Task<(CreatedSession Session, TestClient Host, TestClient Bea, TestClient Cy)> ThreeAsync(object? preferences = null, object? settings = null)
    {
        var (session, host) = await Server.CreateAndJoinMovieNightAsync(preferences, settings);
        return (session, host, await Server.JoinAsync(session.Code, "Bea"), await Server.JoinAsync(session.Code, "Cy"));
    }
}
