using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;
using static Huddle.Core.Tests.Classroom.ClassroomBuilder;

namespace Huddle.Core.Tests.Classroom;

/// <summary>Issue 20's moderation: delete with undo, the word filter, bans from asking; and what each commit changed (for the deltas).</summary>
public class ClassroomModerationTests
{
    private const string Host = JamBuilder.HostId;

    // ---- delete with undo ----

    [Fact]
    public void ModeratorDelete_RemovesWithUndo_OnlyModeratorsSeeIt_RestoreBringsBackStatusAndVotes()
    {
        var room = Create();
        var (ana, ben) = (room.Join("Ana"), room.Join("Ben"));
        var q = room.Ask(ana, "Rude?");
        room.Upvote(ben, q);
        room.Do(room.Session.PinQuestion(Host, q));

        room.Do(room.Session.DeleteQuestion(Host, q, 5));

        Assert.True(room.Q(q).IsRemoved);
        Assert.Null(room.Room().PinnedId);
        Assert.Empty(room.Visible(ana)); // not even its author
        Assert.Empty(room.Visible(ben));
        Assert.Equal([q], room.Visible(Host));
        Assert.Equal("removed", QuestionStatuses.Of(room.Q(q)));
        Rejects(room.Session, "question_not_found", () => room.Session.UpvoteQuestion(ben, q, 0));
        Rejects(room.Session, "question_not_found", () => room.Session.EditQuestion(ana, q, "Nicer?", 6));
        Rejects(room.Session, "question_not_found", () => room.Session.DeleteQuestion(ana, q, 6));
        Assert.Empty(room.Session.DeleteQuestion(Host, q, 6)); // already removed: nothing

        room.Do(room.Session.RestoreQuestion(Host, q, 7));

        Assert.Equal(QuestionStatus.Open, room.Q(q).Status);
        Assert.Equal(1, room.Q(q).Score);
        Assert.Equal([q], room.Visible(ben));
        Assert.Empty(room.Session.RestoreQuestion(Host, q, 8)); // not removed: nothing
    }

    [Fact]
    public void RemovedQuestion_ModeratorActionsOtherThanRestore_AreRefused_AndChangeNothing()
    {
        var room = Create();
        var ana = room.Join("Ana");
        var q = room.Ask(ana, "Q?");
        room.Do(room.Session.DeleteQuestion(Host, q, 1));

        Rejects(room.Session, "question_removed", () => room.Session.ApproveQuestion(Host, q, 2));
        Rejects(room.Session, "question_removed", () => room.Session.MarkAnswered(Host, q, 2));
        Rejects(room.Session, "question_removed", () => room.Session.PinQuestion(Host, q));
        Rejects(room.Session, "question_removed", () => room.Session.HideQuestion(Host, q, 2));
        Rejects(room.Session, "question_removed", () => room.Session.UpvoteQuestion(Host, q, 1));
        Rejects(room.Session, "not_allowed", () => room.Session.RestoreQuestion(ana, q, 2));
        Rejects(room.Session, "question_not_found", () => room.Session.RestoreQuestion(Host, "qn_nope", 2));
    }

    [Fact]
    public void AuthorDelete_IsAWithdrawal_GoneForGood()
    {
        var room = Create();
        var ana = room.Join("Ana");
        var q = room.Ask(ana, "Never mind");

        room.Do(room.Session.DeleteQuestion(ana, q, 1));

        Assert.Null(room.Room().Find(q));
        Rejects(room.Session, "question_not_found", () => room.Session.RestoreQuestion(Host, q, 2));
    }

    // ---- the word filter ----

    [Theory]
    [InlineData("Is the ÉCOLE open?", true)] // case and accents
    [InlineData("is the ecole open", true)]
    [InlineData("Ecole's hours?", true)] // a word ends at an apostrophe
    [InlineData("Ecoles?", false)] // whole word only
    [InlineData("preecole", false)]
    [InlineData("Pourquoi l’école…", true)]
    public void WordFilter_HoldsAMemberQuestionWithABlockedWord_ForReview(string text, bool held)
    {
        var room = Create();
        var ana = room.Join("Ana");
        room.Do(room.Session.SetBlockedWords(Host, ["école"]));

        var q = room.Ask(ana, text);

        Assert.Equal(held ? QuestionStatus.Pending : QuestionStatus.Open, room.Q(q).Status);
        Assert.Equal(held ? [] : [q], room.Visible(room.Join("Ben")));
        if (held)
        {
            room.Do(room.Session.ApproveQuestion(Host, q, 1)); // the queue works with moderation off
            Assert.Equal(QuestionStatus.Open, room.Q(q).Status);
        }
    }

    [Fact]
    public void WordFilter_AnEditThatAddsABlockedWord_GoesBackToReview_StaffAreNotFiltered()
    {
        var room = Create();
        var ana = room.Join("Ana");
        room.Do(room.Session.SetBlockedWords(Host, ["darn"]));
        var q = room.Ask(ana, "Fine question");
        var mine = room.Ask(Host, "Darn, the host asks");

        room.Do(room.Session.EditQuestion(ana, q, "Darn question", 2));

        Assert.Equal(QuestionStatus.Pending, room.Q(q).Status);
        Assert.Equal(QuestionStatus.Open, room.Q(mine).Status);

        room.Do(room.Session.SetBlockedWords(Host, []));
        Assert.Equal(QuestionStatus.Open, room.Q(room.Ask(ana, "Darn again")).Status);
    }

    [Fact]
    public void WordFilter_TheListIsValidated_AndABadListChangesNothing()
    {
        var room = Create();
        var ana = room.Join("Ana");
        room.Do(room.Session.SetBlockedWords(Host, ["one", "ONE", " two "]));
        Assert.Equal(["one", "two"], room.Room().BlockedWords); // trimmed, repeats (once folded) dropped

        Rejects(room.Session, "invalid_blocked_words", () => room.Session.SetBlockedWords(Host, null));
        Rejects(room.Session, "invalid_blocked_words", () => room.Session.SetBlockedWords(Host, [""]));
        Rejects(room.Session, "invalid_blocked_words", () => room.Session.SetBlockedWords(Host, [null]));
        Rejects(room.Session, "invalid_blocked_words", () => room.Session.SetBlockedWords(Host, ["two words"]));
        Rejects(room.Session, "invalid_blocked_words", () => room.Session.SetBlockedWords(Host, ["semi;colon"]));
        Rejects(room.Session, "invalid_blocked_words", () => room.Session.SetBlockedWords(Host, ["zero\u200Bwidth"]));
        Rejects(room.Session, "invalid_blocked_words", () => room.Session.SetBlockedWords(Host, ["🙂"]));
        Rejects(room.Session, "invalid_blocked_words", () => room.Session.SetBlockedWords(Host, [new string('a', 41)]));
        Rejects(room.Session, "invalid_blocked_words", () => room.Session.SetBlockedWords(Host, Enumerable.Range(0, 101).Select(i => $"w{i}").ToList()));
        Rejects(room.Session, "not_allowed", () => room.Session.SetBlockedWords(ana, ["x"]));
        Assert.Empty(room.Session.SetBlockedWords(Host, ["one", "two"]));
    }

    // ---- bans from asking ----

    [Fact]
    public void BanFromAsking_RefusesAskAndEdit_StillVotes_UnbanLetsThemAskAgain()
    {
        var room = Create();
        var (ana, ben) = (room.Join("Ana"), room.Join("Ben"));
        var mine = room.Ask(ana, "Before the ban");
        var bens = room.Ask(ben, "Ben's");
        room.MakeModerator(room.Join("Mo"));

        room.Do(room.Session.BanFromAsking(Host, ana, banned: true));

        Rejects(room.Session, "asking_banned", () => room.Session.AskQuestion(ana, "Again?", false, "qn_x", 1));
        Rejects(room.Session, "asking_banned", () => room.Session.EditQuestion(ana, mine, "Changed", 1));
        room.Upvote(ana, bens);
        Assert.Equal(1, room.Q(bens).Score);
        Assert.Empty(room.Session.BanFromAsking(Host, ana, banned: true));

        room.Do(room.Session.BanFromAsking(Host, ana, banned: false));
        room.Ask(ana, "After the ban");
    }

    [Fact]
    public void BanFromAsking_OnlyModerators_NeverAModerator_NotSomeoneUnknown()
    {
        var room = Create();
        var (ana, mo) = (room.Join("Ana"), room.Join("Mo"));
        room.MakeModerator(mo);

        Rejects(room.Session, "not_allowed", () => room.Session.BanFromAsking(ana, mo, banned: true));
        Rejects(room.Session, "not_allowed", () => room.Session.BanFromAsking(mo, Host, banned: true));
        Rejects(room.Session, "not_allowed", () => room.Session.BanFromAsking(Host, mo, banned: true));
        Rejects(room.Session, "participant_not_found", () => room.Session.BanFromAsking(Host, "p_nobody", banned: true));
        room.Do(room.Session.BanFromAsking(mo, ana, banned: true));
        Assert.True(room.Room().IsBannedFromAsking(ana));
    }

    // ---- what a commit changed (the publisher's deltas) ----

    [Fact]
    public void ChangedInLastCommit_NamesEachChangedQuestion_AndWhetherTheRoomSawItBefore()
    {
        var room = Create(new SettingsPatch(Moderation: true));
        var (ana, ben) = (room.Join("Ana"), room.Join("Ben"));
        var a = room.Ask(Host, "A");
        var b = room.Ask(ana, "B");
        Assert.Equal([(b, false)], Changes(room)); // held: the room never saw it

        room.Do(room.Session.PinQuestion(Host, a));
        room.Do(room.Session.ApproveQuestion(Host, b, 1));
        Assert.Equal([(b, false)], Changes(room));
        room.Do(room.Session.PinQuestion(Host, b));
        Assert.Equal([(a, true), (b, true)], Changes(room).OrderBy(c => c.Item1, StringComparer.Ordinal));

        room.Upvote(ben, a);
        Assert.Empty(Changes(room));
        Assert.Equal([a], room.Room().RescoredInLastCommit);

        room.Do(room.Session.Kick(Host, ben));
        Assert.Equal([a], room.Room().RescoredInLastCommit); // the kicked participant's upvote went
    }

    private static List<(string, bool)> Changes(JamBuilder room) =>
        room.Room().ChangedInLastCommit.Select(c => (c.Key, c.Value)).ToList();
}
