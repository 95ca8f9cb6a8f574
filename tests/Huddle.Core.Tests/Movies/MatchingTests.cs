using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Movies;

public class MatchingTests
{
    private const string Host = JamBuilder.HostId;

    [Fact]
    public void All_EveryPresentParticipantLikes_IsAMatchInThatCommit()
    {
        var movie = MovieNightBuilder.Create();
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");
        movie.Like(3, Host, bob);
        Assert.Empty(movie.MatchIds());

        movie.Swipe(cy, 3, true, at: 500);

        Assert.Equal([3], movie.NewMatchIds());
        Assert.Equal([3], movie.MatchIds());
        var card = movie.Night().Find(3)!;
        Assert.Equal(500, card.MatchedAt);
        Assert.Equal(new[] { Host, bob, cy }.Order(StringComparer.Ordinal), card.LikedBy.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void All_OnePresentParticipantPasses_IsNoMatch()
    {
        var movie = MovieNightBuilder.Create();
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");
        movie.Like(1, Host, bob);

        movie.Swipe(cy, 1, false);

        Assert.Empty(movie.MatchIds());
    }

    [Fact]
    public void All_AbsentParticipantDoesNotCount()
    {
        var movie = MovieNightBuilder.Create();
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");
        movie.Disconnect(cy);

        movie.Like(2, Host, bob);

        Assert.Equal([2], movie.MatchIds());
    }

    [Fact]
    public void All_TheLastHoldoutDisconnects_MatchAppearsInThePresenceCommit()
    {
        var movie = MovieNightBuilder.Create();
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");
        movie.Like(2, Host, bob);
        Assert.Empty(movie.MatchIds());

        movie.Disconnect(cy, at: 900);

        Assert.Equal([2], movie.NewMatchIds());
        Assert.Equal(900, movie.Night().Find(2)!.MatchedAt);
    }

    [Fact]
    public void All_SomeoneWhoPassedLeaves_TheOthersLikesMatch()
    {
        var movie = MovieNightBuilder.Create();
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");
        movie.Like(4, Host, bob);
        movie.Swipe(cy, 4, false);

        movie.Do(movie.Session.Leave(cy, 10), 10);

        Assert.Equal([4], movie.NewMatchIds());
    }

    [Fact]
    public void All_KickedParticipant_StopsCountingAndTheirChoicesAreDropped()
    {
        var movie = MovieNightBuilder.Create();
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");
        movie.Like(1, Host, bob);
        movie.Swipe(cy, 1, false);
        movie.Swipe(cy, 2, true);

        movie.Do(movie.Session.Kick(Host, cy));

        Assert.Equal([1], movie.NewMatchIds());
        Assert.Equal(0, movie.Night().Find(1)!.Passes);
        Assert.Equal(0, movie.Night().Find(2)!.Likes);
        Assert.Equal(0, movie.Night().DecidedBy(cy));
    }

    [Fact]
    public void AnyRule_OnePersonAlone_NeverMatches()
    {
        foreach (var rule in new[] { "all", "majority", "atLeastTwo" })
        {
            var movie = MovieNightBuilder.Create(settings: new SettingsPatch(MatchRule: rule));

            movie.Swipe(Host, 1, true);

            Assert.Empty(movie.MatchIds());
        }
    }

    [Theory]
    [InlineData(3, 2, true)]
    [InlineData(4, 2, false)]
    [InlineData(4, 3, true)]
    [InlineData(5, 3, true)]
    [InlineData(2, 1, false)]
    [InlineData(2, 2, true)]
    public void Majority_NeedsMoreThanHalfOfThosePresent(int present, int likes, bool match)
    {
        var movie = MovieNightBuilder.Create(settings: new SettingsPatch(MatchRule: "majority"));
        var people = new List<string> { Host };
        for (var i = 1; i < present; i++) people.Add(movie.Join($"P{i}"));

        movie.Like(1, [.. people.Take(likes)]);

        Assert.Equal(match, movie.MatchIds().Contains(1));
    }

    [Fact]
    public void Majority_LikesOfAbsentPeopleDoNotCount()
    {
        var movie = MovieNightBuilder.Create(settings: new SettingsPatch(MatchRule: "majority"));
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");
        movie.Swipe(bob, 1, true);
        movie.Disconnect(bob);

        movie.Swipe(Host, 1, true);

        Assert.Empty(movie.MatchIds()); // one present like of two present
        movie.Swipe(cy, 1, true);
        Assert.Equal([1], movie.MatchIds());
    }

    [Theory]
    [InlineData(6, 2, true)]
    [InlineData(6, 1, false)]
    [InlineData(2, 2, true)]
    public void AtLeastTwo_TwoPresentLikesAreEnough(int present, int likes, bool match)
    {
        var movie = MovieNightBuilder.Create(settings: new SettingsPatch(MatchRule: "atLeastTwo"));
        var people = new List<string> { Host };
        for (var i = 1; i < present; i++) people.Add(movie.Join($"P{i}"));

        movie.Like(5, [.. people.Take(likes)]);

        Assert.Equal(match, movie.MatchIds().Contains(5));
    }

    [Fact]
    public void Match_IsAnnouncedOnce_AndStaysWhenMorePeopleArriveOrMindsChange()
    {
        var movie = MovieNightBuilder.Create();
        var bob = movie.Join("Bob");
        movie.Like(1, Host, bob);
        Assert.Equal([1], movie.NewMatchIds());

        var cy = movie.Join("Cy");
        Assert.Empty(movie.NewMatchIds());
        movie.Swipe(bob, 1, false);
        movie.Swipe(cy, 1, true);

        Assert.Empty(movie.NewMatchIds());
        Assert.Equal([1], movie.MatchIds());
    }

    [Fact]
    public void RuleChange_ThatCompletesAMatch_AnnouncesIt()
    {
        var movie = MovieNightBuilder.Create();
        var bob = movie.Join("Bob");
        movie.Join("Cy");
        movie.Like(3, Host, bob);
        Assert.Empty(movie.MatchIds());

        movie.Do(movie.Session.UpdateSettings(Host, new SettingsPatch(MatchRule: "atLeastTwo")), 50);

        Assert.Equal(MatchRule.AtLeastTwo, movie.Session.Settings.MatchRule);
        Assert.Equal([3], movie.NewMatchIds());
    }

    [Fact]
    public void SeveralCardsCompleteInOneCommit_AllAreNew()
    {
        var movie = MovieNightBuilder.Create();
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");
        movie.Like(1, Host, bob);
        movie.Like(2, Host, bob);

        movie.Disconnect(cy);

        Assert.Equal([1, 2], movie.NewMatchIds());
    }

    [Fact]
    public void Ranking_MostLikesFirst_ThenFewestPasses_ThenDeckOrder()
    {
        var movie = MovieNightBuilder.Create();
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");
        movie.Like(4, Host, bob);
        movie.Like(2, Host);
        movie.Like(3, Host);
        movie.Swipe(cy, 3, false);
        movie.Like(5, cy);
        movie.Swipe(bob, 1, false);

        Assert.Equal([4, 2, 5, 3], movie.Night().Ranking().Select(c => c.MovieId));
    }

    [Fact]
    public void TopMatch_IsTheBestRankedMatch_NotTheFirst()
    {
        var movie = MovieNightBuilder.Create(settings: new SettingsPatch(MatchRule: "atLeastTwo"));
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");
        movie.Like(2, Host, bob);
        movie.Like(3, Host, bob, cy);

        Assert.Equal([2, 3], movie.MatchIds());
        Assert.Equal(3, movie.Night().TopMatch()!.MovieId);
    }

    [Theory]
    [InlineData("all", MatchRule.All)]
    [InlineData("MAJORITY", MatchRule.Majority)]
    [InlineData(" atleasttwo ", MatchRule.AtLeastTwo)]
    public void MatchRuleSetting_ParsesCaseInsensitively(string value, MatchRule expected)
    {
        var settings = SessionSettings.Defaults(new HuddleLimits()).With(new SettingsPatch(MatchRule: value), new HuddleLimits());

        Assert.Equal(expected, settings.MatchRule);
    }

    [Fact]
    public void MatchRuleSetting_Unknown_IsInvalidSettings_AndChangesNothing()
    {
        var movie = MovieNightBuilder.Create();

        MovieNightBuilder.Rejects(movie.Session, "invalid_settings", () => movie.Session.UpdateSettings(Host, new SettingsPatch(MatchRule: "most")));
        Assert.Equal(MatchRule.All, movie.Session.Settings.MatchRule);
    }
}
