using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;
using static Huddle.Core.Tests.Support.MovieNightBuilder;

namespace Huddle.Core.Tests.Movies;

/// <summary>
/// Reactions during the film: a closed list of emoji, at most five per participant in ten seconds of
/// the session clock, only once a film is picked. Nothing is stored: a reaction is returned to be relayed.
/// </summary>
public class ReactionTests
{
    private const string Host = JamBuilder.HostId;

    private static (JamBuilder Movie, string Gia) Watching()
    {
        var movie = Create();
        var gia = movie.Join("Gia");
        movie.Do(movie.Session.PickMovie(Host, 1, 0));
        return (movie, gia);
    }

    [Fact]
    public void React_ReturnsTheEmojiWithTheSendersName_AndChangesNoSessionState()
    {
        var (movie, gia) = Watching();
        var before = State(movie.Session);

        var reaction = movie.Session.React(gia, "🍿", 1_000);

        Assert.Equal(new Reaction("🍿", gia, "Gia", 1_000), reaction);
        Assert.Equal(before, State(movie.Session));
    }

    [Fact]
    public void EveryEmojiOfTheList_IsAccepted_AndTheListIsClosed()
    {
        var (movie, gia) = Watching();
        Assert.Equal(["👍", "😂", "😮", "😢", "❤️", "🍿"], Reactions.Emoji);

        foreach (var (emoji, i) in Reactions.Emoji.Select((e, i) => (e, i)))
            Assert.Equal(emoji, movie.Session.React(Host, emoji, i * 10_000L).Emoji);

        Rejects(movie.Session, "invalid_input", () => movie.Session.React(gia, "💩", 0));
        Rejects(movie.Session, "invalid_input", () => movie.Session.React(gia, "👍👍", 0));
        Rejects(movie.Session, "invalid_input", () => movie.Session.React(gia, "❤", 0)); // without the emoji variation selector
        Rejects(movie.Session, "invalid_input", () => movie.Session.React(gia, "", 0));
        Rejects(movie.Session, "invalid_input", () => movie.Session.React(gia, null, 0));
    }

    [Fact]
    public void SixthReactionWithinTenSeconds_IsTooFast_UntilTheOldestLeavesTheWindow()
    {
        var (movie, gia) = Watching();
        for (var i = 0; i < Reactions.MaxPerWindow; i++) movie.Session.React(gia, "👍", 1_000 + i * 1_000);

        var error = Rejects(movie.Session, "reaction_too_fast", () => movie.Session.React(gia, "👍", 5_500));

        Assert.Equal(ErrorKind.RateLimited, error.Kind);
        Assert.Contains("try again in 6 s", error.Message, StringComparison.Ordinal);
        // Another member has a budget of their own.
        Assert.Equal(Host, movie.Session.React(Host, "😂", 5_500).ById);
        // A refused reaction does not count: the first one (at 1 s) leaves the window at 11 s.
        Rejects(movie.Session, "reaction_too_fast", () => movie.Session.React(gia, "👍", 10_999));
        Assert.Equal(11_000, movie.Session.React(gia, "👍", 11_000).At);
        Rejects(movie.Session, "reaction_too_fast", () => movie.Session.React(gia, "👍", 11_500));
    }

    [Fact]
    public void InvalidEmoji_DoesNotCountTowardsTheLimit()
    {
        var (movie, gia) = Watching();
        for (var i = 0; i < 10; i++) Rejects(movie.Session, "invalid_input", () => movie.Session.React(gia, "x", 1_000));

        for (var i = 0; i < Reactions.MaxPerWindow; i++) movie.Session.React(gia, "❤️", 1_000);
    }

    [Fact]
    public void BeforeAFilmIsPicked_OrInAnotherKind_ReactionsAreRefused()
    {
        var fresh = Create();
        Rejects(fresh.Session, "nothing_playing", () => fresh.Session.React(Host, "👍", 0));

        var jam = JamBuilder.Create();
        Rejects(jam.Session, "not_supported", () => jam.Session.React(JamBuilder.HostId, "👍", 0));
    }
}
