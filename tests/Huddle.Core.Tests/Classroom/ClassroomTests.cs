using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;
using static Huddle.Core.Tests.Classroom.ClassroomBuilder;

namespace Huddle.Core.Tests.Classroom;

public class ClassroomTests
{
    private const string Host = JamBuilder.HostId;

    [Fact]
    public void SongRecommendations_AreNotAClassroomThing()
    {
        var room = Create();
        Rejects(room.Session, "not_supported", () => { room.Session.EnsureSongKind(); return 0; });
    }

    // ---- asking ----

    [Fact]
    public void Create_ClassroomDefaultsToALectureHallOfParticipants()
    {
        var room = Create();

        Assert.Equal(500, SessionSettings.Defaults(new HuddleLimits(), SessionKind.Classroom).MaxParticipants);
        Assert.Equal(3, room.Room().HostSessionLimit);
        Assert.Equal(50, SessionSettings.Defaults(new HuddleLimits(), SessionKind.Jam).MaxParticipants);
    }

    [Fact]
    public void Ask_TrimsTheText_AndTheQuestionIsOpenForEveryone()
    {
        var room = Create();
        var ana = room.Join("Ana");

        var id = room.Ask(ana, "  Why is the sky blue?\r\nReally?  ", at: 10);

        var q = room.Q(id);
        Assert.Equal("Why is the sky blue?\nReally?", q.Text);
        Assert.Equal(QuestionStatus.Open, q.Status);
        Assert.Equal((ana, "Ana", 10L), (q.AuthorId, q.AuthorName, q.AskedAt));
        Assert.Equal([id], room.Visible(null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bell\u0007")]
    [InlineData("\u200B\u200B")]
    public void Ask_InvalidText_IsRejectedAndChangesNothing(string text)
    {
        var room = Create();
        var ana = room.Join("Ana");

        Rejects(room.Session, "invalid_question", () => room.Session.AskQuestion(ana, text, false, "qn_x", 0));
    }

    [Fact]
    public void Ask_CombiningFlood_IsRejectedByBytesAndMarks_AndChangesNothing()
    {
        var room = Create();
        var ana = room.Join("Ana");

        // The red team's question: one character of the 500, 24 KB of marks (2,000 bytes allowed).
        Rejects(room.Session, "invalid_question", () => room.Session.AskQuestion(ana, "a" + new string('\u0301', 12_000), false, "qn_x", 0));
        // Small enough in bytes, but 50 marks on one letter.
        Rejects(room.Session, "invalid_question", () => room.Session.AskQuestion(ana, "Why " + new string('\u0301', 50), false, "qn_x", 0));
        Assert.Empty(room.Session.Classroom!.Questions);
    }

    [Fact]
    public void Ask_UpTo500Characters_AndNotOneMore()
    {
        var room = Create();
        var ana = room.Join("Ana");

        room.Ask(ana, new string('a', 500));
        Rejects(room.Session, "invalid_question", () => room.Session.AskQuestion(ana, new string('a', 501), false, "qn_x", 0));
    }

    [Fact]
    public void Ask_Anonymous_OnlyWhenTheSessionAllowsIt()
    {
        var room = Create(new SettingsPatch(AllowAnonymous: false));
        var ana = room.Join("Ana");

        Rejects(room.Session, "anonymous_not_allowed", () => room.Session.AskQuestion(ana, "Hi?", true, "qn_x", 0));

        room.Do(room.Session.UpdateSettings(Host, new SettingsPatch(AllowAnonymous: true)));
        var id = room.Ask(ana, "Hi?", anonymous: true);
        Assert.True(room.Q(id).Anonymous);
        Assert.Equal(ana, room.Q(id).AuthorId); // the server keeps it; the transports never send it
    }

    [Fact]
    public void Ask_InAnotherKind_IsNotSupported()
    {
        var jam = JamBuilder.Create();

        Rejects(jam.Session, "not_supported", () => jam.Session.AskQuestion(Host, "Hi?", false, "qn_x", 0));
    }

    [Fact]
    public void Ask_ByAnAbsentParticipant_IsRejected()
    {
        var room = Create();
        var ana = room.Join("Ana");
        room.Disconnect(ana);

        Rejects(room.Session, "not_joined", () => room.Session.AskQuestion(ana, "Hi?", false, "qn_x", 0));
    }

    [Fact]
    public void Ask_MoreThanTheRatePerMinute_IsRejectedWithWhenToRetry_ThenAllowedAgain()
    {
        var room = Create();
        var ana = room.Join("Ana");
        for (var i = 0; i < 5; i++) room.Ask(ana, $"Question {i}?", at: 1_000 + (i * 1_000));

        var error = Rejects(room.Session, "question_rate_limited", () => room.Session.AskQuestion(ana, "One more?", false, "qn_x", 30_000));
        Assert.Equal(ErrorKind.RateLimited, error.Kind);
        Assert.Contains("31 s", error.Message, StringComparison.Ordinal); // the first ask (at 1 s) leaves the window at 61 s

        // Someone else is not limited by Ana's questions; Ana may ask again once the first leaves the window.
        var ben = room.Join("Ben");
        room.Ask(ben, "Mine?", at: 30_000);
        room.Ask(ana, "Again?", at: 61_000);
    }

    [Fact]
    public void Ask_DeletingDoesNotRefundTheRateLimit()
    {
        var room = Create();
        var ana = room.Join("Ana");
        for (var i = 0; i < 5; i++)
        {
            var id = room.Ask(ana, $"Spam {i}", at: i);
            room.Do(room.Session.DeleteQuestion(ana, id, 0));
        }

        Rejects(room.Session, "question_rate_limited", () => room.Session.AskQuestion(ana, "More", false, "qn_x", 10));
    }

    // ---- order ----

    [Fact]
    public void Order_PinnedFirst_ThenUpvotesDescending_ThenTimeAscending()
    {
        var room = Create();
        var (ana, ben, cy) = (room.Join("Ana"), room.Join("Ben"), room.Join("Cy"));
        var first = room.Ask(ana, "First", at: 1);
        var second = room.Ask(ben, "Second", at: 2);
        var third = room.Ask(cy, "Third", at: 3);
        var fourth = room.Ask(cy, "Fourth", at: 4);

        room.Upvote(ana, third);
        room.Upvote(ben, third);
        room.Upvote(ana, second);
        room.Upvote(cy, fourth);
        Assert.Equal([third, second, fourth, first], room.Visible(ana));

        room.Do(room.Session.PinQuestion(Host, first));
        Assert.Equal([first, third, second, fourth], room.Visible(ana));

        // Ties keep time order: fourth (4) after second (2) at one vote each.
        room.Upvote(ben, third, 0);
        room.Upvote(ana, third, 0);
        Assert.Equal([first, second, fourth, third], room.Visible(ana));
    }

    [Fact]
    public void Answered_MovesToTheAnsweredList_LatestAnswerFirst_AndIsUnpinned()
    {
        var room = Create();
        var ana = room.Join("Ana");
        var a = room.Ask(ana, "A", at: 1);
        var b = room.Ask(ana, "B", at: 2);
        var c = room.Ask(ana, "C", at: 3);
        room.Do(room.Session.PinQuestion(Host, a));

        room.Do(room.Session.MarkAnswered(Host, a, 100), 100);
        room.Do(room.Session.MarkAnswered(Host, b, 200), 200);

        Assert.Null(room.Room().PinnedId);
        Assert.Equal([c, b, a], room.Visible(ana));
        Assert.Equal((QuestionStatus.Answered, 100L), (room.Q(a).Status, room.Q(a).AnsweredAt));
        Assert.Empty(room.Session.MarkAnswered(Host, a, 300)); // again: nothing to change
    }

    // ---- upvotes ----

    [Fact]
    public void Upvote_OncePerParticipant_AndZeroClearsIt()
    {
        var room = Create();
        var (ana, ben) = (room.Join("Ana"), room.Join("Ben"));
        var id = room.Ask(ana, "Q?");

        room.Upvote(ben, id);
        Assert.Empty(room.Session.UpvoteQuestion(ben, id, 1));
        Assert.Equal(1, room.Q(id).Score);

        room.Upvote(ben, id, 0);
        Assert.Equal(0, room.Q(id).Score);
        Assert.Empty(room.Session.UpvoteQuestion(ben, id, 0));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void Upvote_AnyOtherValue_IsRejected(int value)
    {
        var room = Create();
        var ana = room.Join("Ana");
        var id = room.Ask(ana, "Q?");

        Rejects(room.Session, "invalid_vote", () => room.Session.UpvoteQuestion(ana, id, value));
    }

    [Fact]
    public void Upvote_WhenVotingIsOff_OrOnAnAnsweredQuestion_OrAnUnknownOne_IsRejected()
    {
        var room = Create();
        var ana = room.Join("Ana");
        var id = room.Ask(ana, "Q?");
        room.Do(room.Session.MarkAnswered(Host, id, 5));

        Rejects(room.Session, "question_not_open", () => room.Session.UpvoteQuestion(ana, id, 1));
        Rejects(room.Session, "question_not_found", () => room.Session.UpvoteQuestion(ana, "qn_nope", 1));

        var open = room.Ask(ana, "Other?");
        room.Do(room.Session.UpdateSettings(Host, new SettingsPatch(AllowVoting: false)));
        Rejects(room.Session, "voting_disabled", () => room.Session.UpvoteQuestion(ana, open, 1));
    }

    [Fact]
    public void Kick_RemovesTheParticipantsUpvotes_ButNotTheirQuestions()
    {
        var room = Create();
        var (ana, ben) = (room.Join("Ana"), room.Join("Ben"));
        var id = room.Ask(ana, "Q?");
        var bens = room.Ask(ben, "Mine?");
        room.Upvote(ben, id);

        room.Do(room.Session.Kick(Host, ben));

        Assert.Equal(0, room.Q(id).Score);
        Assert.NotNull(room.Room().Find(bens));
    }

    // ---- moderation ----

    [Fact]
    public void Moderation_NewQuestionsWait_SeenOnlyByTheirAuthorAndModerators_UntilApproved()
    {
        var room = Create(new SettingsPatch(Moderation: true));
        var (ana, ben, mo) = (room.Join("Ana"), room.Join("Ben"), room.Join("Mo"));
        room.MakeModerator(mo);

        var id = room.Ask(ana, "Is this allowed?");

        Assert.Equal(QuestionStatus.Pending, room.Q(id).Status);
        Assert.Equal([id], room.Visible(ana));
        Assert.Empty(room.Visible(ben));
        Assert.Empty(room.Visible(null));
        Assert.Equal([id], room.Visible(mo));
        Assert.Equal([id], room.Visible(Host));

        // For Ben it does not exist: he cannot upvote it, and is not told it is there.
        Rejects(room.Session, "question_not_found", () => room.Session.UpvoteQuestion(ben, id, 1));
        Rejects(room.Session, "not_allowed", () => room.Session.ApproveQuestion(ben, id, 0));

        room.Do(room.Session.ApproveQuestion(mo, id, 5));
        Assert.Equal([id], room.Visible(ben));
        Assert.Empty(room.Session.ApproveQuestion(mo, id, 6));
    }

    [Fact]
    public void Moderation_ModeratorsOwnQuestionsNeedNoApproval()
    {
        var room = Create(new SettingsPatch(Moderation: true));

        var id = room.Ask(Host, "Any questions?");

        Assert.Equal(QuestionStatus.Open, room.Q(id).Status);
    }

    [Fact]
    public void Approve_AnAnsweredOrHiddenQuestion_IsRejected()
    {
        var room = Create();
        var ana = room.Join("Ana");
        var id = room.Ask(ana, "Q?");
        room.Do(room.Session.HideQuestion(Host, id, 1));

        Rejects(room.Session, "question_not_pending", () => room.Session.ApproveQuestion(Host, id, 2));
        Rejects(room.Session, "question_hidden", () => room.Session.MarkAnswered(Host, id, 2));
    }

    [Fact]
    public void Hide_RemovesTheQuestionFromEveryoneButItsAuthorAndModerators_AndUnpinsIt()
    {
        var room = Create();
        var (ana, ben) = (room.Join("Ana"), room.Join("Ben"));
        var id = room.Ask(ana, "Rude?");
        room.Do(room.Session.PinQuestion(Host, id));

        room.Do(room.Session.HideQuestion(Host, id, 3));

        Assert.Null(room.Room().PinnedId);
        Assert.Empty(room.Visible(ben));
        Assert.Equal([id], room.Visible(ana));
        Assert.Equal([id], room.Visible(Host));
        Assert.Empty(room.Session.HideQuestion(Host, id, 4));
    }

    [Fact]
    public void ModeratorActions_ByAMember_AreNotAllowed()
    {
        var room = Create();
        var (ana, ben) = (room.Join("Ana"), room.Join("Ben"));
        var id = room.Ask(ana, "Q?");

        Rejects(room.Session, "not_allowed", () => room.Session.MarkAnswered(ben, id, 0));
        Rejects(room.Session, "not_allowed", () => room.Session.PinQuestion(ben, id));
        Rejects(room.Session, "not_allowed", () => room.Session.HideQuestion(ana, id, 0));
    }

    [Fact]
    public void Pin_OneAtATime_NullUnpins_AndOnlyOpenQuestions()
    {
        var room = Create(new SettingsPatch(Moderation: true));
        var ana = room.Join("Ana");
        var a = room.Ask(Host, "A");
        var b = room.Ask(Host, "B");
        var pending = room.Ask(ana, "Pending");

        room.Do(room.Session.PinQuestion(Host, a));
        room.Do(room.Session.PinQuestion(Host, b));
        Assert.Equal(b, room.Room().PinnedId);
        Assert.Empty(room.Session.PinQuestion(Host, b));

        Rejects(room.Session, "question_not_open", () => room.Session.PinQuestion(Host, pending));
        room.Do(room.Session.PinQuestion(Host, null));
        Assert.Null(room.Room().PinnedId);
        Assert.Empty(room.Session.PinQuestion(Host, null));
    }

    // ---- edit and delete ----

    [Fact]
    public void Edit_ByTheAuthorWhileUnanswered_KeepsUpvotes()
    {
        var room = Create();
        var (ana, ben) = (room.Join("Ana"), room.Join("Ben"));
        var id = room.Ask(ana, "Teh question");
        room.Upvote(ben, id);

        room.Do(room.Session.EditQuestion(ana, id, " The question ", 9), 9);

        Assert.Equal(("The question", 9L, 1), (room.Q(id).Text, room.Q(id).EditedAt, room.Q(id).Score));
        Assert.Empty(room.Session.EditQuestion(ana, id, "The question", 10));
    }

    [Fact]
    public void Edit_SomeoneElsesQuestion_AnAnsweredOne_OrWithBadText_IsRejected()
    {
        var room = Create();
        var (ana, ben) = (room.Join("Ana"), room.Join("Ben"));
        var id = room.Ask(ana, "Q?");

        Rejects(room.Session, "not_allowed", () => room.Session.EditQuestion(ben, id, "Mine now", 0));
        Rejects(room.Session, "not_allowed", () => room.Session.EditQuestion(Host, id, "Host edit", 0));
        Rejects(room.Session, "invalid_question", () => room.Session.EditQuestion(ana, id, " ", 0));
        room.Do(room.Session.MarkAnswered(Host, id, 1));
        Rejects(room.Session, "question_answered", () => room.Session.EditQuestion(ana, id, "Too late", 2));
    }

    [Fact]
    public void Edit_WithModerationOn_SendsAnApprovedQuestionBackForApproval()
    {
        var room = Create(new SettingsPatch(Moderation: true));
        var (ana, ben) = (room.Join("Ana"), room.Join("Ben"));
        var id = room.Ask(ana, "Nice question");
        room.Do(room.Session.ApproveQuestion(Host, id, 1));
        room.Do(room.Session.PinQuestion(Host, id));

        room.Do(room.Session.EditQuestion(ana, id, "Now something else", 2));

        Assert.Equal(QuestionStatus.Pending, room.Q(id).Status);
        Assert.Null(room.Room().PinnedId);
        Assert.Empty(room.Visible(ben));
    }

    [Fact]
    public void Delete_OwnUnanswered_Yes_SomeoneElses_No_AnyByAModerator_Yes()
    {
        var room = Create();
        var (ana, ben) = (room.Join("Ana"), room.Join("Ben"));
        var mine = room.Ask(ana, "Mine");
        var other = room.Ask(ben, "Ben's");
        var answered = room.Ask(ana, "Answered");
        room.Do(room.Session.MarkAnswered(Host, answered, 1));

        Rejects(room.Session, "not_allowed", () => room.Session.DeleteQuestion(ana, other, 0));
        Rejects(room.Session, "question_answered", () => room.Session.DeleteQuestion(ana, answered, 0));
        room.Do(room.Session.DeleteQuestion(ana, mine, 0));
        room.Do(room.Session.DeleteQuestion(Host, answered, 0));

        Assert.Equal([other], room.Visible(ana));
        Rejects(room.Session, "question_not_found", () => room.Session.DeleteQuestion(ana, mine, 0));
    }

    // ---- the log ----

    [Fact]
    public void Replay_FromTheStoredLog_RebuildsTheSameClassroom()
    {
        var room = RecordedClassroom();

        var replayed = new Session(room.Limits);
        foreach (var commit in room.Commits)
        {
            var events = SessionEventJson.Deserialize(SessionEventJson.Serialize(commit.Events));
            // Compared as JSON: events holding lists (a poll's options) are records whose lists compare by reference.
            Assert.Equal(SessionEventJson.Serialize(commit.Events), SessionEventJson.Serialize(events));
            replayed.Apply(commit with { Events = events });
        }

        Assert.Equal(State(room.Session), State(replayed));
    }

    /// <summary>A classroom whose log holds every classroom event.</summary>
    internal static JamBuilder RecordedClassroom()
    {
        var room = Create(new SettingsPatch(Moderation: true));
        var (ana, ben) = (room.Join("Ana"), room.Join("Ben"));
        var a = room.Ask(ana, "A?", anonymous: true, at: 1);
        var b = room.Ask(Host, "B?", at: 2);
        var c = room.Ask(ben, "C?", at: 3);
        room.Do(room.Session.ApproveQuestion(Host, a, 3));
        room.Upvote(ben, a);
        room.Do(room.Session.PinQuestion(Host, b));
        room.Do(room.Session.EditQuestion(ana, a, "A, edited?", 4));
        room.Do(room.Session.HideQuestion(Host, b, 5));
        room.Do(room.Session.MarkAnswered(Host, c, 6));
        room.Do(room.Session.DeleteQuestion(Host, c, 0));
        room.Do(room.Session.RestoreQuestion(Host, c, 7));
        room.Do(room.Session.DeleteQuestion(ana, a, 0));
        room.Do(room.Session.SetBlockedWords(Host, ["Spam"]));
        room.Do(room.Session.BanFromAsking(Host, ben, banned: true));
        room.Do(room.Session.CreatePoll(Host, "pl_q", "quiz", "Q?", ["x", "y"], 1, allowChange: true, named: true, resultsLive: true, 7));
        room.Do(room.Session.LaunchPoll(Host, "pl_q", 8));
        room.Do(room.Session.AnswerPoll(ana, "pl_q", [1], null, 9));
        room.Do(room.Session.ClosePoll(Host, "pl_q", 10));
        room.Do(room.Session.ShowLeaderboard(Host, "pl_q", true));
        room.Do(room.Session.CreatePoll(Host, "pl_r", "rating", "R?", null, null, allowChange: true, named: false, resultsLive: true, 11));
        room.Do(room.Session.DeletePoll(Host, "pl_r"));
        return room;
    }
}
