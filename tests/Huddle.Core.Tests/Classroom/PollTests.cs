using System.Globalization;
using System.Text;
using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Classroom;

public class PollTests
{
    private const string Host = JamBuilder.HostId;

    private static string Create(JamBuilder room, string kind, string[]? options = null, int? correct = null,
        bool allowChange = true, bool named = false, bool resultsLive = true, string actor = Host, bool launch = true)
    {
        var id = "pl_" + (room.Room().Polls.All.Count + 1 + room.Commits.Count).ToString(CultureInfo.InvariantCulture);
        room.Do(room.Session.CreatePoll(actor, id, kind, "  Which one?  ", options, correct, allowChange, named, resultsLive, 5));
        if (launch) room.Do(room.Session.LaunchPoll(actor, id, 6));
        return id;
    }

    private static void Answer(JamBuilder room, string actor, string pollId, int[]? choices, string? text = null) =>
        room.Do(room.Session.AnswerPoll(actor, pollId, choices, text, 7));

    private static Poll P(JamBuilder room, string id) => room.Room().Polls.Find(id)!;

    /// <summary>Everything observable, polls included, to prove a rejected command changed nothing.</summary>
    private static string State(Session s)
    {
        var b = new StringBuilder(ClassroomBuilder.State(s));
        foreach (var p in s.Classroom!.Polls.All)
        {
            b.Append(CultureInfo.InvariantCulture, $"P {p.PollId} {p.Kind} {p.Status} lb={p.LeaderboardShown}\n");
            foreach (var a in p.Answers.OrderBy(a => a.ParticipantId, StringComparer.Ordinal))
                b.Append(CultureInfo.InvariantCulture, $"  {a.ParticipantId} {string.Join(',', a.Choices)} {a.Text}\n");
        }

        return b.ToString();
    }

    private static void Rejects(JamBuilder room, string code, Func<object> command)
    {
        var before = State(room.Session);
        var error = Assert.Throws<HuddleException>(command);
        Assert.Equal(code, error.Code);
        Assert.Equal(before, State(room.Session));
    }

    [Fact]
    public void SingleChoice_CountsOneAnswerPerParticipant_AndTrimsTheQuestion()
    {
        var room = ClassroomBuilder.Create();
        var ana = room.Join("Ana");
        var ben = room.Join("Ben");
        var id = Create(room, "single", ["Red", " Blue "]);

        Answer(room, ana, id, [1]);
        Answer(room, ben, id, [1]);

        var poll = P(room, id);
        Assert.Equal("Which one?", poll.Question);
        Assert.Equal(["Red", "Blue"], poll.Options);
        Assert.Equal([0, 2], poll.Counts());
        Assert.Equal(PollStatus.Open, poll.Status);
    }

    [Fact]
    public void MultipleChoice_CountsEveryChosenOption()
    {
        var room = ClassroomBuilder.Create();
        var ana = room.Join("Ana");
        var ben = room.Join("Ben");
        var id = Create(room, "multiple", ["A", "B", "C"]);

        Answer(room, ana, id, [2, 0]);
        Answer(room, ben, id, [2]);

        Assert.Equal([1, 0, 2], P(room, id).Counts());
        Assert.Equal([0, 2], P(room, id).AnswerOf(ana)!.Choices);
    }

    [Fact]
    public void Rating_CountsPerValue_AndAverages()
    {
        var room = ClassroomBuilder.Create();
        var ana = room.Join("Ana");
        var ben = room.Join("Ben");
        var id = Create(room, "rating");

        Answer(room, ana, id, [5]);
        Answer(room, ben, id, [2]);

        Assert.Equal([0, 1, 0, 0, 1], P(room, id).Counts());
        Assert.Equal(3.5, P(room, id).Average());
    }

    [Fact]
    public void OpenText_IsAWordCloudWithCounts_CaseAndSpacesIgnored()
    {
        var room = ClassroomBuilder.Create();
        var ana = room.Join("Ana");
        var ben = room.Join("Ben");
        var cem = room.Join("Cem");
        var id = Create(room, "text");

        Answer(room, ana, id, null, "  Fun ");
        Answer(room, ben, id, null, "fun");
        Answer(room, cem, id, null, "Hard");

        Assert.Equal([new PollWord("fun", 2), new PollWord("hard", 1)], P(room, id).Words());
    }

    [Fact]
    public void Quiz_ScoresCorrectAnswersAtClose_AndRanksTheLeaderboard()
    {
        var room = ClassroomBuilder.Create();
        var ana = room.Join("Ana");
        var ben = room.Join("Ben");
        var first = Create(room, "quiz", ["3", "4"], correct: 1);
        Answer(room, ana, first, [1]);
        Answer(room, ben, first, [0]);
        Assert.Empty(room.Room().Polls.Leaderboard()); // not scored while open

        var second = Create(room, "quiz", ["yes", "no"], correct: 0); // launching closes the first
        Answer(room, ana, second, [0]);
        Answer(room, ben, second, [0]);
        room.Do(room.Session.ClosePoll(Host, second, 9));

        Assert.Equal(PollStatus.Closed, P(room, first).Status);
        Assert.True(P(room, first).Named); // a quiz is always named: the leaderboard shows names
        Assert.Equal([new QuizScore(ana, "Ana", 2), new QuizScore(ben, "Ben", 1)], room.Room().Polls.Leaderboard());
        Assert.Equal(1, room.Room().Polls.ScoreOf(ben));
    }

    [Fact]
    public void Launch_ClosesThePollThatWasOpen_SoOnlyOneIsActive()
    {
        var room = ClassroomBuilder.Create();
        var first = Create(room, "rating");
        var second = Create(room, "text");

        Assert.Equal(PollStatus.Closed, P(room, first).Status);
        Assert.Equal(second, room.Room().Polls.Active!.PollId);
    }

    [Fact]
    public void Answer_ChangeReplacesTheOld_SameAnswerIsNoChange()
    {
        var room = ClassroomBuilder.Create();
        var ana = room.Join("Ana");
        var id = Create(room, "single", ["A", "B"]);
        Answer(room, ana, id, [0]);

        Answer(room, ana, id, [1]);

        Assert.Equal([0, 1], P(room, id).Counts());
        Assert.Empty(room.Session.AnswerPoll(ana, id, [1], null, 8));
    }

    [Fact]
    public void Answer_ChangeWhenTheHostForbidsIt_IsRejectedAndChangesNothing()
    {
        var room = ClassroomBuilder.Create();
        var ana = room.Join("Ana");
        var id = Create(room, "single", ["A", "B"], allowChange: false);
        Answer(room, ana, id, [0]);

        Rejects(room, "poll_answer_final", () => room.Session.AnswerPoll(ana, id, [1], null, 8));
    }

    [Fact]
    public void Answer_AfterClose_IsRejected_AndCloseAgainChangesNothing()
    {
        var room = ClassroomBuilder.Create();
        var ana = room.Join("Ana");
        var id = Create(room, "single", ["A", "B"]);
        room.Do(room.Session.ClosePoll(Host, id, 8));

        Rejects(room, "poll_closed", () => room.Session.AnswerPoll(ana, id, [0], null, 9));
        Rejects(room, "poll_closed", () => room.Session.LaunchPoll(Host, id, 9));
        Assert.Empty(room.Session.ClosePoll(Host, id, 9));
    }

    [Fact]
    public void Draft_DoesNotExistForMembers_AndCannotBeAnsweredByStaff()
    {
        var room = ClassroomBuilder.Create();
        var ana = room.Join("Ana");
        var id = Create(room, "single", ["A", "B"], launch: false);

        Rejects(room, "poll_not_found", () => room.Session.AnswerPoll(ana, id, [0], null, 8));
        Rejects(room, "poll_not_open", () => room.Session.AnswerPoll(Host, id, [0], null, 8));
        Rejects(room, "poll_not_open", () => room.Session.ClosePoll(Host, id, 8));
        Assert.Empty(room.Room().Polls.VisibleTo(staff: false));
        Assert.Single(room.Room().Polls.VisibleTo(staff: true));
    }

    [Fact]
    public void Members_CannotPrepareLaunchCloseOrDelete_ModeratorsCan()
    {
        var room = ClassroomBuilder.Create();
        var ana = room.Join("Ana");
        var mod = room.Join("Mo");
        room.MakeModerator(mod);
        var id = Create(room, "rating", actor: mod, launch: false);

        Rejects(room, "not_allowed", () => room.Session.CreatePoll(ana, "pl_x", "rating", "Q", null, null, true, false, true, 1));
        Rejects(room, "not_allowed", () => room.Session.LaunchPoll(ana, id, 1));
        Rejects(room, "not_allowed", () => room.Session.DeletePoll(ana, id));
        room.Do(room.Session.LaunchPoll(mod, id, 2));
        Rejects(room, "not_allowed", () => room.Session.ClosePoll(ana, id, 3));
        room.Do(room.Session.DeletePoll(mod, id));
        Assert.Empty(room.Room().Polls.All);
    }

    [Theory]
    [InlineData("survey", "Q", new[] { "A", "B" }, null)]
    [InlineData("single", "", new[] { "A", "B" }, null)]
    [InlineData("single", "Q", new[] { "A" }, null)]
    [InlineData("single", "Q", new[] { "A", "a" }, null)]
    [InlineData("single", "Q", new[] { "A", " " }, null)]
    [InlineData("single", "Q", new[] { "A", "B" }, 0)]
    [InlineData("rating", "Q", new[] { "A", "B" }, null)]
    [InlineData("quiz", "Q", new[] { "A", "B" }, null)]
    [InlineData("quiz", "Q", new[] { "A", "B" }, 2)]
    [InlineData("multiple", "Q", new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11" }, null)]
    public void Create_InvalidPoll_IsRejectedAndChangesNothing(string kind, string question, string[] options, int? correct)
    {
        var room = ClassroomBuilder.Create();

        Rejects(room, "invalid_poll", () => room.Session.CreatePoll(Host, "pl_x", kind, question, options, correct, true, false, true, 1));
    }

    [Fact]
    public void Create_BeyondTheLimit_IsRejected()
    {
        var room = ClassroomBuilder.Create();
        for (var i = 0; i < PollLimits.PollsPerSession; i++) Create(room, "rating", launch: false);

        Rejects(room, "too_many_polls", () => room.Session.CreatePoll(Host, "pl_x", "rating", "Q", null, null, true, false, true, 1));
    }

    [Theory]
    [InlineData("single", new[] { 2 }, null)]
    [InlineData("single", new[] { 0, 1 }, null)]
    [InlineData("single", new int[0], null)]
    [InlineData("single", new[] { -1 }, null)]
    [InlineData("single", new[] { 0 }, "text")]
    [InlineData("multiple", new[] { 0, 0 }, null)]
    [InlineData("rating", new[] { 0 }, null)]
    [InlineData("rating", new[] { 6 }, null)]
    [InlineData("text", new int[0], "")]
    [InlineData("text", new[] { 0 }, "word")]
    [InlineData("text", new int[0], "bell\u0007")]
    public void Answer_Invalid_IsRejectedAndChangesNothing(string kind, int[] choices, string? text)
    {
        var room = ClassroomBuilder.Create();
        var ana = room.Join("Ana");
        var id = Create(room, kind, kind is "single" or "multiple" ? ["A", "B"] : null);

        Rejects(room, "invalid_poll_answer", () => room.Session.AnswerPoll(ana, id, choices, text, 8));
    }

    [Fact]
    public void Leaderboard_OnlyForAClosedQuiz()
    {
        var room = ClassroomBuilder.Create();
        var quiz = Create(room, "quiz", ["A", "B"], correct: 0);
        Rejects(room, "poll_not_open", () => room.Session.ShowLeaderboard(Host, quiz, true));
        room.Do(room.Session.ClosePoll(Host, quiz, 8));

        room.Do(room.Session.ShowLeaderboard(Host, quiz, true));

        Assert.True(P(room, quiz).LeaderboardShown);
        var rating = Create(room, "rating");
        Rejects(room, "invalid_poll", () => room.Session.ShowLeaderboard(Host, rating, true));
    }

    [Fact]
    public void ResultsPublic_LiveOrAtClose_AsTheHostChose()
    {
        var room = ClassroomBuilder.Create();
        var live = Create(room, "rating", resultsLive: true);
        Assert.True(P(room, live).ResultsPublic);
        var atClose = Create(room, "rating", resultsLive: false);
        Assert.False(P(room, atClose).ResultsPublic);

        room.Do(room.Session.ClosePoll(Host, atClose, 9));

        Assert.True(P(room, atClose).ResultsPublic);
    }

    [Fact]
    public void Polls_SurviveAReplayOfTheLog()
    {
        var room = ClassroomBuilder.Create();
        var ana = room.Join("Ana");
        var id = Create(room, "multiple", ["A", "B"]);
        Answer(room, ana, id, [0, 1]);

        var replayed = new Session(room.Limits);
        foreach (var commit in room.Commits) replayed.Apply(commit with { Events = SessionEventJson.Deserialize(SessionEventJson.Serialize(commit.Events)) });

        Assert.Equal(State(room.Session), State(replayed));
    }
}
