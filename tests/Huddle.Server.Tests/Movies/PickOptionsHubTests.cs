using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Movies;

/// <summary>
/// The pick's options through the real hub (issue 21): new filters mid-pick, the ready check before the
/// deck opens, the first match as the pick, withdrawing a swipe, and the end summary.
/// </summary>
public sealed class PickOptionsHubTests() : ServerTest
{
    [Fact]
    public async Task ChangePreferences_NewDealKeepsChoicesOnFilmsThatStay_AndTellsEveryone()
    {
        var (_, host, bea, _) = await ThreeAsync(new { genreIds = new[] { 18 } });
        var cards = bea.Snapshot.Deck().GetProperty("cards").EnumerateArray()
            .Select(c => (Id: c.GetProperty("movieId").GetInt32(), Rating: c.GetProperty("rating").GetDouble())).OrderBy(c => c.Rating).ToList();
        var (low, high) = (cards[0], cards[^1]);
        Assert.True(low.Rating < high.Rating);
        await bea.Swipe(high.Id, true);
        await bea.Swipe(low.Id, false);

        await host.Send("ChangePreferences", new { genreIds = new[] { 18 }, minRating = high.Rating });

        var changed = await bea.WaitFor("preferencesChanged");
        Assert.Equal(host.ParticipantId, changed.Str("byId"));
        Assert.Equal(high.Rating, changed.GetProperty("preferences").GetProperty("minRating").GetDouble());
        Assert.Contains(low.Id, changed.GetProperty("dropped").EnumerateArray().Select(d => d.GetInt32()));
        var deck = (await bea.SnapshotAsync()).Deck();
        var now = deck.GetProperty("cards");
        Assert.DoesNotContain(low.Id, now.MovieIds());
        Assert.Contains(high.Id, now.MovieIds());
        Assert.True(now.GetArrayLength() > 1); // a new deal joined the film that stayed
        Assert.All(now.EnumerateArray(), c => Assert.True(c.GetProperty("rating").GetDouble() >= high.Rating));
        Assert.True(deck.GetProperty("myChoices").GetProperty(high.Id.ToString(CultureInfo.InvariantCulture)).GetBoolean());
        Assert.Equal(1, deck.GetProperty("progress").GetProperty(bea.ParticipantId).GetInt32());
        Assert.Equal(high.Rating, deck.GetProperty("preferences").GetProperty("minRating").GetDouble());
    }

    [Fact]
    public async Task ChangePreferences_BadInputOrAGuest_IsRefusedWithACode_AndChangesNothing()
    {
        var (_, host, bea, _) = await ThreeAsync(new { genreIds = new[] { 18 } });
        var before = (await host.SnapshotAsync()).Deck();

        await bea.RejectedAsync("not_allowed", "ChangePreferences", new { genreIds = new[] { 35 } });
        await host.RejectedAsync("unknown_genre", "ChangePreferences", new { genreIds = new[] { 999_999 } });
        await host.RejectedAsync("unknown_provider", "ChangePreferences", new { providerIds = new[] { 38 } }); // BBC iPlayer is not in the US
        await host.RejectedAsync("invalid_input", "ChangePreferences", new { minRating = 11 });
        await host.RejectedAsync("invalid_input", "ChangePreferences", new { region = "GB" });
        await host.RejectedAsync("invalid_input", "ChangePreferences", new { genreIds = "drama" });

        var after = (await host.SnapshotAsync()).Deck();
        Assert.Equal(before.GetProperty("cards").MovieIds(), after.GetProperty("cards").MovieIds());
        Assert.Equal(before.GetProperty("preferences").ToString(), after.GetProperty("preferences").ToString());
        Assert.DoesNotContain(bea.Events, e => e.Name == "preferencesChanged");
    }

    [Fact]
    public async Task ReadyCheck_OpensTheDeckForEveryoneAtOnce_AndTheFirstMatchIsThePick()
    {
        var (_, host, bea, cy) = await ThreeAsync(settings: new { deckReadyCheck = true, endAtFirstMatch = true });
        Assert.Empty(host.Snapshot.Deck().GetProperty("deckReady").EnumerateArray());
        Assert.True(bea.Snapshot.GetProperty("session").GetProperty("settings").GetProperty("endAtFirstMatch").GetBoolean());
        var movieId = bea.Snapshot.Deck().GetProperty("cards").MovieIds()[0];
        await bea.RejectedAsync("deck_closed", "Swipe", new { movieId, like = true });
        await bea.RejectedAsync("not_allowed", "OpenDeck");

        await bea.Send("MarkDeckReady");
        var one = await host.WaitFor("deckReadyUpdated");
        Assert.Equal([bea.ParticipantId], one.GetProperty("ready").EnumerateArray().Select(p => p.GetString()));
        await cy.Send("MarkDeckReady");
        foreach (var client in new[] { host, bea, cy })
            await client.WaitFor("deckReadyUpdated", e => e.GetProperty("ready").ValueKind == JsonValueKind.Null);
        await host.RejectedAsync("no_ready_check", "MarkDeckReady");

        await host.Swipe(movieId, true);
        await bea.Swipe(movieId, true);
        await cy.Swipe(movieId, true);

        foreach (var client in new[] { host, bea, cy })
        {
            var picked = await client.WaitFor("nowPlaying", e => e.Str("reason") == "matched");
            Assert.Equal(movieId, picked.GetProperty("item").GetProperty("movieId").GetInt32());
        }

        var snapshot = await cy.SnapshotAsync();
        Assert.Equal(movieId, snapshot.GetProperty("nowPlaying").GetProperty("item").GetProperty("movieId").GetInt32());
        Assert.False(snapshot.GetProperty("nowPlaying").GetProperty("playback").GetProperty("isPlaying").GetBoolean());
    }

    [Fact]
    public async Task HostStartsAReadyCheck_AndOpensTheDeckAnyway()
    {
        var (_, host, bea, _) = await ThreeAsync();
        await bea.RejectedAsync("not_allowed", "StartDeckReadyCheck");
        await bea.RejectedAsync("no_ready_check", "MarkDeckReady");

        await host.Send("StartDeckReadyCheck");
        await bea.WaitFor("deckReadyUpdated", e => e.GetProperty("ready").ValueKind == JsonValueKind.Array);
        await host.Send("OpenDeck");

        await bea.WaitFor("deckReadyUpdated", e => e.GetProperty("ready").ValueKind == JsonValueKind.Null);
        Assert.False((await bea.SnapshotAsync()).Deck().TryGetProperty("deckReady", out var ready) && ready.ValueKind == JsonValueKind.Array);
    }

    [Fact]
    public async Task Unswipe_WithdrawsTheChoice_ForEveryone()
    {
        var (_, host, bea, _) = await ThreeAsync();
        var movieId = bea.Snapshot.Deck().GetProperty("cards").MovieIds()[2];
        await bea.Swipe(movieId, true);
        await host.WaitFor("deckUpdated", e => e.GetProperty("ranking").GetArrayLength() == 1);

        await bea.Send("Unswipe", new { movieId });

        await host.WaitFor("deckUpdated", e => e.GetProperty("ranking").GetArrayLength() == 0);
        var deck = (await bea.SnapshotAsync()).Deck();
        Assert.False(deck.GetProperty("myChoices").TryGetProperty(movieId.ToString(CultureInfo.InvariantCulture), out _));
        Assert.Equal(0, deck.GetProperty("progress").GetProperty(bea.ParticipantId).GetInt32());
        await bea.RejectedAsync("card_not_found", "Unswipe", new { movieId = 1 });
        await bea.RejectedAsync("invalid_input", "Unswipe", new { movieId = -4 });
    }

    [Fact]
    public async Task EndSummary_ThePickWhoCameAndTheLikesAndPassesPerFilm_ForEveryoneAndAfterwards()
    {
        var (session, host, bea, cy) = await ThreeAsync();
        var ids = bea.Snapshot.Deck().GetProperty("cards").MovieIds();
        await bea.Swipe(ids[0], true);
        await cy.Swipe(ids[0], false);
        await host.Swipe(ids[1], true);
        await host.Send("PickMovie", new { movieId = ids[1] });

        await host.Send("EndSession");

        var ended = (await bea.WaitFor("sessionEnded")).GetProperty("movie");
        Assert.Equal(ids[1], ended.GetProperty("picked").GetProperty("movieId").GetInt32());
        Assert.Equal(["Host", "Bea", "Cy"], ended.GetProperty("came").EnumerateArray().Select(p => p.Str("name")));
        Assert.Equal(
            [(ids[1], 1, 0), (ids[0], 1, 1)],
            ended.GetProperty("tally").EnumerateArray().Select(t => (t.GetProperty("movieId").GetInt32(), t.GetProperty("likes").GetInt32(), t.GetProperty("passes").GetInt32())));
        var summary = await Server.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session.Code}");
        Assert.Equal(ended.ToString(), summary.GetProperty("movie").ToString());
    }

    /// <summary>A movie night with its host and two guests, Bea and Cy, all connected.</summary>
    private async Task<(CreatedSession Session, TestClient Host, TestClient Bea, TestClient Cy)> ThreeAsync(object? preferences = null, object? settings = null)
    {
        var (session, host) = await Server.CreateAndJoinMovieNightAsync(preferences, settings);
        return (session, host, await Server.JoinAsync(session.Code, "Bea"), await Server.JoinAsync(session.Code, "Cy"));
    }
}
