
namespace Huddle.Core.Sessions;

/// <summary>
/// The classroom kind (SPEC §3.3): live Q&amp;A. Participants ask (optionally anonymously), upvote,
/// edit and delete their own unanswered questions; moderators and the host approve, answer, pin
/// and hide. Pure like the other commands: they check and return events, nothing changes here.
/// </summary>
public sealed partial class Session
{
    /// <summary>The rate limit's window: <see cref="HuddleLimits.QuestionsPerMinute"/> asks per participant.</summary>
    public const long QuestionRateWindowMs = 60_000;

    private Classroom? _classroom;

    /// <summary>The questions of a classroom session; null in other kinds.</summary>
    public Classroom? Classroom => _classroom;

    /// <summary>The set-up of a new classroom, committed with its creation.</summary>
    public static IReadOnlyList<SessionEvent> SetUpClassroom(HuddleLimits limits, Guid? ownerAccountId = null, IReadOnlyList<string>? blockedWords = null) =>
        [new ClassroomStarted(limits.ClassroomSessionsPerHost, ownerAccountId, blockedWords is { Count: > 0 } ? blockedWords : null)];

    /// <summary>Whether the participant sees the moderators' view (every question, the queue of pending ones).</summary>
    public bool IsStaff(string participantId) => Find(participantId) is { Kicked: false, Role: >= Role.Moderator };

    public IReadOnlyList<SessionEvent> AskQuestion(string actorId, string? text, bool anonymous, string itemId, long now)
    {
        var actor = Require(actorId, Role.Member);
        var classroom = RequireClassroom();
        EnsureMayAsk(classroom, actor);
        var valid = QuestionText(text);
        if (anonymous && !Settings.AllowAnonymous)
            throw Errors.Conflict(ErrorCodes.AnonymousNotAllowed, "The host has turned anonymous questions off.");
        if (classroom.Questions.Count >= _limits.QuestionsPerSession)
            throw Errors.Conflict(ErrorCodes.TooManyQuestions, $"This session has reached its limit of {_limits.QuestionsPerSession} questions.");
        EnsureAskRate(classroom, actorId, now);
        var needsApproval = NeedsApproval(classroom, actor, valid);
        return [new QuestionAsked(itemId, actor.Id, actor.Name, valid, anonymous, needsApproval, now)];
    }

    /// <summary>
    /// The author edits an unanswered question. With moderation on, an edited question a member had
    /// approved goes back to the queue: approval was given to the old text.
    /// </summary>
    public IReadOnlyList<SessionEvent> EditQuestion(string actorId, string itemId, string? text, long now)
    {
        var actor = Require(actorId, Role.Member);
        var question = VisibleQuestion(actorId, itemId);
        if (question.AuthorId != actor.Id) throw Errors.NotAllowed("Only the person who asked can edit this question.");
        EnsureMayAsk(_classroom!, actor);
        EnsureNotRemoved(question);
        EnsureUnanswered(question);
        if (question.Status == QuestionStatus.Hidden)
            throw Errors.Conflict(ErrorCodes.QuestionHidden, "A moderator hid this question; it cannot be edited.");
        var valid = QuestionText(text);
        if (valid == question.Text) return Nothing;
        var back = question.Status == QuestionStatus.Open && NeedsApproval(_classroom!, actor, valid);
        return [new QuestionEdited(itemId, valid, back, now)];
    }

    /// <summary>
    /// The author withdraws an unanswered question (gone for good); moderators and the host may delete
    /// any, which removes it with undo: it waits in their removed list until restored.
    /// </summary>
    public IReadOnlyList<SessionEvent> DeleteQuestion(string actorId, string itemId, long now)
    {
        var actor = Require(actorId, Role.Member);
        var question = VisibleQuestion(actorId, itemId);
        if (actor.Role >= Role.Moderator) return question.IsRemoved ? Nothing : [new QuestionRemoved(itemId, actor.Id, now)];
        if (question.AuthorId != actor.Id)
            throw Errors.NotAllowed("Only the person who asked, a moderator or the host can delete this question.");
        EnsureUnanswered(question);
        return [new QuestionDeleted(itemId, actor.Id)];
    }

    /// <summary>Brings a removed question back with the status it had (not pinned).</summary>
    public IReadOnlyList<SessionEvent> RestoreQuestion(string actorId, string itemId, long now)
    {
        var actor = Require(actorId, Role.Moderator);
        var question = RequireQuestion(itemId);
        return question.IsRemoved ? [new QuestionRestored(itemId, actor.Id, now)] : Nothing;
    }

    /// <summary>
    /// The word filter: a member's question holding one of these words (whole word, ignoring case and
    /// accents) waits for approval as with moderation on. An empty list turns it off.
    /// </summary>
    public IReadOnlyList<SessionEvent> SetBlockedWords(string actorId, IReadOnlyList<string?>? words)
    {
        var actor = Require(actorId, Role.Moderator);
        var classroom = RequireClassroom();
        var valid = WordFilter.ValidList(words);
        return valid.SequenceEqual(classroom.BlockedWords, StringComparer.Ordinal) ? Nothing : [new BlockedWordsSet(valid, actor.Id)];
    }

    /// <summary>Stops a member from asking (and editing), or lets them again; they still watch and vote.</summary>
    public IReadOnlyList<SessionEvent> BanFromAsking(string actorId, string participantId, bool banned)
    {
        var actor = Require(actorId, Role.Moderator);
        var classroom = RequireClassroom();
        var target = Find(participantId) ?? throw Errors.ParticipantNotFound();
        if (banned && target.Role >= Role.Moderator)
            throw Errors.NotAllowed("Moderators and the host cannot be banned from asking.");
        return classroom.IsBannedFromAsking(target.Id) == banned ? Nothing : [new AskingBanChanged(target.Id, banned, actor.Id)];
    }

    /// <summary>One upvote per participant and open question: 1 upvotes, 0 clears.</summary>
    public IReadOnlyList<SessionEvent> UpvoteQuestion(string actorId, string itemId, int value)
    {
        Require(actorId, Role.Member);
        var question = VisibleQuestion(actorId, itemId);
        EnsureNotRemoved(question);
        if (!Settings.AllowVoting) throw Errors.Conflict(ErrorCodes.VotingDisabled, "The host has turned voting off.");
        if (value is not (0 or 1)) throw Errors.Invalid(ErrorCodes.InvalidVote, "An upvote is 1, or 0 to clear it.");
        if (question.Status != QuestionStatus.Open)
            throw Errors.Conflict(ErrorCodes.QuestionNotOpen, "Only open questions can be upvoted.");
        return question.HasUpvoteOf(actorId) == (value == 1) ? Nothing : [new QuestionUpvoted(itemId, actorId, value)];
    }

    /// <summary>Approves a pending question (moderation on): it joins the ranked list.</summary>
    public IReadOnlyList<SessionEvent> ApproveQuestion(string actorId, string itemId, long now)
    {
        var actor = Require(actorId, Role.Moderator);
        var question = LiveQuestion(itemId);
        return question.Status switch
        {
            QuestionStatus.Pending => [new QuestionApproved(itemId, actor.Id, now)],
            QuestionStatus.Open => Nothing,
            QuestionStatus.Answered or QuestionStatus.Hidden =>
                throw Errors.Conflict(ErrorCodes.QuestionNotPending, "This question is not waiting for approval."),
        };
    }

    /// <summary>Marks a question answered: it moves to the answered list (and is unpinned).</summary>
    public IReadOnlyList<SessionEvent> MarkAnswered(string actorId, string itemId, long now)
    {
        var actor = Require(actorId, Role.Moderator);
        var question = LiveQuestion(itemId);
        return question.Status switch
        {
            QuestionStatus.Open or QuestionStatus.Pending => [new QuestionAnswered(itemId, actor.Id, now)],
            QuestionStatus.Answered => Nothing,
            QuestionStatus.Hidden => throw Errors.Conflict(ErrorCodes.QuestionHidden, "This question is hidden."),
        };
    }

    /// <summary>Pins one open question above the others (replacing the pinned one); <c>itemId</c> null unpins.</summary>
    public IReadOnlyList<SessionEvent> PinQuestion(string actorId, string? itemId)
    {
        var actor = Require(actorId, Role.Moderator);
        var classroom = RequireClassroom();
        if (itemId is null) return classroom.PinnedId is null ? Nothing : [new QuestionPinned(null, actor.Id)];
        var question = LiveQuestion(itemId);
        if (question.Status != QuestionStatus.Open)
            throw Errors.Conflict(ErrorCodes.QuestionNotOpen, "Only an open question can be pinned.");
        return classroom.PinnedId == itemId ? Nothing : [new QuestionPinned(itemId, actor.Id)];
    }

    /// <summary>Hides a question from everyone but its author and the moderators (and unpins it).</summary>
    public IReadOnlyList<SessionEvent> HideQuestion(string actorId, string itemId, long now)
    {
        var actor = Require(actorId, Role.Moderator);
        var question = LiveQuestion(itemId);
        return question.Status == QuestionStatus.Hidden ? Nothing : [new QuestionHidden(itemId, actor.Id, now)];
    }

    /// <summary>Trims; 1 to QuestionMaxLength characters (and their bytes); line breaks and tabs allowed, other control characters not.</summary>
    public string QuestionText(string? text) =>
        Validate.Text(text, "The question", ErrorCodes.InvalidQuestion, _limits.QuestionMaxLength, required: true, _limits.Text, TextShape.Lines)!;

    private void EnsureAskRate(Classroom classroom, string actorId, long now)
    {
        var limit = _limits.QuestionsPerMinute;
        var recent = classroom.AsksOf(actorId).Where(at => now - at < QuestionRateWindowMs).ToList();
        if (recent.Count < limit) return;
        var retryMs = recent[^limit] + QuestionRateWindowMs - now;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryMs / 1000.0));
        throw new HuddleException(
            ErrorCodes.QuestionRateLimited,
            $"You can ask {limit} questions a minute. Try again in {seconds} s.",
            ErrorKind.RateLimited);
    }

    /// <summary>A member's question waits for approval with moderation on, or when it holds a blocked word.</summary>
    private bool NeedsApproval(Classroom classroom, Participant actor, string text) =>
        actor.Role < Role.Moderator && (Settings.Moderation || classroom.Blocks(text));

    private static void EnsureMayAsk(Classroom classroom, Participant actor)
    {
        if (classroom.IsBannedFromAsking(actor.Id))
            throw new HuddleException(ErrorCodes.AskingBanned, "A moderator has stopped you from asking questions here. You can still vote.", ErrorKind.NotAllowed);
    }

    private static void EnsureNotRemoved(Question question)
    {
        if (question.IsRemoved)
            throw Errors.Conflict(ErrorCodes.QuestionRemoved, "This question was removed; restore it first.");
    }

    /// <summary>A question moderators act on: removed ones only come back through a restore.</summary>
    private Question LiveQuestion(string itemId)
    {
        var question = RequireQuestion(itemId);
        EnsureNotRemoved(question);
        return question;
    }

    private static void EnsureUnanswered(Question question)
    {
        if (question.Status == QuestionStatus.Answered)
            throw Errors.Conflict(ErrorCodes.QuestionAnswered, "This question has been answered; it can no longer be changed.");
    }

    /// <summary>A question the actor may see: pending and hidden ones of others do not exist for a member.</summary>
    private Question VisibleQuestion(string actorId, string itemId)
    {
        var question = RequireQuestion(itemId);
        return question.IsVisibleTo(actorId, IsStaff(actorId)) ? question : throw QuestionNotFound();
    }

    private Question RequireQuestion(string itemId) => RequireClassroom().Find(itemId) ?? throw QuestionNotFound();

    private Classroom RequireClassroom()
    {
        EnsureQuestionKind();
        return _classroom ?? throw SessionKinds.NotSupported(Kind, "questions");
    }

    /// <summary>Questions belong to the kinds that <see cref="SessionKinds.HasQuestions"/>: the hub's methods and the CSV export ask this.</summary>
    public void EnsureQuestionKind()
    {
        if (!Kind.HasQuestions()) throw SessionKinds.NotSupported(Kind, "questions");
    }

    private static HuddleException QuestionNotFound() =>
        new(ErrorCodes.QuestionNotFound, "No such question in this session.", ErrorKind.NotFound);

    private void ApplyClassroom(ClassroomEvent e) => (_classroom ??= new Classroom()).Apply(e, _limits.QuestionsPerMinute);

    private void AfterClassroomCommit(Commit commit)
    {
        if (_classroom is null) return;
        foreach (var e in commit.Events)
        {
            if (e is ParticipantKicked k) _classroom.Forget(k.ParticipantId);
        }
    }
}
