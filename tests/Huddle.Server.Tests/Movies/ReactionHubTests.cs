using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Movies;

/// <summary>
/// Reactions during the watch party on the real hub: everyone present gets them with the sender's
/// name; a reaction too soon, outside the list or before the pick is refused with a code and never sent.
/// </summary>
public sealed class ReactionHubTests : IAsyncLifetime
{
    private HuddleServer _server = null!;

    public async Task InitializeAsync() => _server = await HuddleServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task React_ReachesEveryoneWithTheSendersName_TooFastIsRefusedAndNotBroadcast()
    {
        var (session, host) = await _server.CreateAndJoinMovieNightAsync(new { genreIds = new[] { 18 } });
        var guest = await _server.JoinAsync(session.Code, "Gia");
        await guest.RejectedAsync("nothing_playing", "React", new { emoji = "👍" });
        await host.Send("PickMovie", new { movieId = (await host.SnapshotAsync()).Deck().GetProperty("cards")[0].GetProperty("movieId").GetInt32() });

        await guest.Send("React", new { emoji = "🍿" });

        var seen = await host.WaitFor("reaction");
        Assert.Equal(("🍿", guest.ParticipantId, "Gia"), (seen.Str("emoji"), seen.Str("byId"), seen.Str("byName")));
        Assert.True(seen.GetProperty("at").GetInt64() > 0);
        Assert.False(seen.TryGetProperty("version", out _)); // relayed, not committed
        await guest.WaitFor("reaction"); // the sender sees their own float up too

        for (var i = 1; i < 5; i++) await guest.Send("React", new { emoji = "😂" });
        await guest.RejectedAsync("reaction_too_fast", "React", new { emoji = "😂" });
        await guest.RejectedAsync("invalid_input", "React", new { emoji = "<b>hi</b>" });
        await guest.RejectedAsync("invalid_input", "React", new { });

        // The host reacts after the refusals: once the host's own reaction is back, any of Gia's sent before it has arrived too.
        await host.Send("React", new { emoji = "❤️" });
        await host.WaitFor("reaction", e => e.Str("byId") == host.ParticipantId);
        Assert.Equal(5, host.Events.Count(e => e.Name == "reaction" && e.Payload.Str("byId") == guest.ParticipantId));
    }
}
