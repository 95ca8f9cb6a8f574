namespace Huddle.Core.Sessions;

/// <summary>
/// A classroom's polls (Slido-style): moderators and the host prepare a poll (a draft), launch it
/// (closing the one that was open: one poll at a time on the projector) and close it; participants
/// answer once, and change their answer until close unless the poll forbids it. Pure like the other
/// commands: they check and return events.
/// </summary>
public sealed partial class Session
{
    public IReadOnlyList<SessionEvent> CreatePoll(
        string actorId, string pollId, string? kind, string? question, IReadOnlyList<string?>? options, int? correct,
        bool allowChange, bool named, bool resultsLive, long now)
    {
        var actor = Require(actorId, Role.Moderator);
        var polls = RequireClassroom().Polls;
        var parsed = PollNames.ParseKind(kind)
            ?? throw Errors.Invalid(ErrorCodes.InvalidPoll, "A poll's kind is single, multiple, rating, text or quiz.");
        var text = Validate.Text(question, "The poll's question", ErrorCodes.InvalidPoll, PollLimits.QuestionMaxLength, required: true, _limits.Text)!;
        var choices = PollOptions(parsed, options);
        if (parsed == PollKind.Quiz)
        {
            if (correct is not { } c || c < 0 || c >= choices.Count)
                throw Errors.Invalid(ErrorCodes.InvalidPoll, "A quiz needs its correct option: the index of one of its options.");
        }
        else if (correct is not null)
        {
            throw Errors.Invalid(ErrorCodes.InvalidPoll, "Only a quiz has a correct option.");
        }

        if (polls.All.Count >= PollLimits.PollsPerSession)
            throw Errors.Conflict(ErrorCodes.TooManyPolls, $"This session has reached its limit of {PollLimits.PollsPerSession} polls.");

        // A quiz scores people: its leaderboard needs their names, so a quiz is always named.
        return [new PollCreated(pollId, actor.Id, parsed, text, choices, correct, allowChange, named || parsed == PollKind.Quiz, resultsLive, now)];
    }

    /// <summary>Opens a draft for answers; the poll that was open closes in the same commit.</summary>
    public IReadOnlyList<SessionEvent> LaunchPoll(string actorId, string pollId, long now)
    {
        var actor = Require(actorId, Role.Moderator);
        var polls = RequireClassroom().Polls;
        var poll = RequirePoll(pollId, staff: true);
        return poll.Status switch
        {
            PollStatus.Open => Nothing,
            PollStatus.Closed => throw PollIsClosed(),
            PollStatus.Draft => polls.Active is { } open
                ? [new PollClosed(open.PollId, actor.Id, now), new PollLaunched(pollId, actor.Id, now)]
                : [new PollLaunched(pollId, actor.Id, now)],
        };
    }

    public IReadOnlyList<SessionEvent> ClosePoll(string actorId, string pollId, long now)
    {
        var actor = Require(actorId, Role.Moderator);
        var poll = RequirePoll(pollId, staff: true);
        return poll.Status switch
        {
            PollStatus.Open => [new PollClosed(pollId, actor.Id, now)],
            PollStatus.Closed => Nothing,
            PollStatus.Draft => throw Errors.Conflict(ErrorCodes.PollNotOpen, "This poll has not been launched."),
        };
    }

    /// <summary>Removes a poll and its answers (a draft prepared by mistake, or results not to keep).</summary>
    public IReadOnlyList<SessionEvent> DeletePoll(string actorId, string pollId)
    {
        var actor = Require(actorId, Role.Moderator);
        RequirePoll(pollId, staff: true);
        return [new PollDeleted(pollId, actor.Id)];
    }

    /// <summary>
    /// Answers the open poll: <paramref name="choices"/> are option indexes (one for single and quiz,
    /// one or more for multiple, the value 1–5 for a rating), <paramref name="text"/> for an open-text poll.
    /// </summary>
    public IReadOnlyList<SessionEvent> AnswerPoll(string actorId, string pollId, IReadOnlyList<int>? choices, string? text, long now)
    {
        var actor = Require(actorId, Role.Member);
        var poll = RequirePoll(pollId, IsStaff(actorId));
        switch (poll.Status)
        {
            case PollStatus.Draft:
                throw Errors.Conflict(ErrorCodes.PollNotOpen, "This poll has not been launched.");
            case PollStatus.Closed:
                throw PollIsClosed();
            case PollStatus.Open:
                break;
        }

        var (validChoices, validText) = PollAnswerOf(poll, choices, text);
        if (poll.AnswerOf(actor.Id) is { } previous)
        {
            if (previous.Choices.SequenceEqual(validChoices) && previous.Text == validText) return Nothing;
            if (!poll.AllowChange) throw Errors.Conflict(ErrorCodes.PollAnswerFinal, "You have answered this poll; answers cannot be changed.");
        }

        return [new PollAnswered(pollId, actor.Id, actor.Name, validChoices, validText, now)];
    }

    /// <summary>Shows (or hides) the quiz leaderboard to everyone, with a closed quiz's results.</summary>
    public IReadOnlyList<SessionEvent> ShowLeaderboard(string actorId, string pollId, bool shown)
    {
        Require(actorId, Role.Moderator);
        var poll = RequirePoll(pollId, staff: true);
        if (poll.Kind != PollKind.Quiz) throw Errors.Invalid(ErrorCodes.InvalidPoll, "Only a quiz has a leaderboard.");
        if (poll.Status != PollStatus.Closed) throw Errors.Conflict(ErrorCodes.PollNotOpen, "Close the quiz before showing its leaderboard.");
        return poll.LeaderboardShown == shown ? Nothing : [new PollLeaderboardShown(pollId, shown)];
    }

    private List<string> PollOptions(PollKind kind, IReadOnlyList<string?>? options)
    {
        if (kind is PollKind.Rating or PollKind.Text)
        {
            return options is null or { Count: 0 }
                ? []
                : throw Errors.Invalid(ErrorCodes.InvalidPoll, "A rating or open-text poll has no options.");
        }

        if (options is null || options.Count < PollLimits.MinOptions || options.Count > PollLimits.MaxOptions)
            throw Errors.Invalid(ErrorCodes.InvalidPoll, $"A poll has {PollLimits.MinOptions} to {PollLimits.MaxOptions} options.");
        var valid = options
            .Select(o => Validate.Text(o, "An option", ErrorCodes.InvalidPoll, PollLimits.OptionMaxLength, required: true, _limits.Text)!)
            .ToList();
        if (valid.Distinct(StringComparer.OrdinalIgnoreCase).Count() != valid.Count)
            throw Errors.Invalid(ErrorCodes.InvalidPoll, "Two options have the same text.");
        return valid;
    }

    private (IReadOnlyList<int> Choices, string? Text) PollAnswerOf(Poll poll, IReadOnlyList<int>? choices, string? text)
    {
        var picked = choices ?? [];
        if (poll.Kind == PollKind.Text)
        {
            if (picked.Count > 0) throw Errors.Invalid(ErrorCodes.InvalidPollAnswer, "An open-text poll is answered with text.");
            return ([], Validate.Text(text, "The answer", ErrorCodes.InvalidPollAnswer, PollLimits.TextAnswerMaxLength, required: true, _limits.Text));
        }

        if (text is not null) throw Errors.Invalid(ErrorCodes.InvalidPollAnswer, "This poll is answered by choosing, not with text.");
        var (min, max) = poll.Kind switch
        {
            PollKind.Rating => (1, PollLimits.RatingMax),
            PollKind.SingleChoice or PollKind.MultipleChoice or PollKind.Quiz => (0, poll.Options.Count - 1),
            PollKind.Text => throw new InvalidOperationException("Handled above."),
        };
        if (picked.Count == 0 || picked.Any(c => c < min || c > max))
            throw Errors.Invalid(ErrorCodes.InvalidPollAnswer, poll.Kind == PollKind.Rating ? "A rating is 1 to 5." : "Choose one of the poll's options.");
        if (poll.Kind != PollKind.MultipleChoice && picked.Count != 1)
            throw Errors.Invalid(ErrorCodes.InvalidPollAnswer, "This poll takes one answer.");
        var sorted = picked.Distinct().Order().ToList();
        if (sorted.Count != picked.Count) throw Errors.Invalid(ErrorCodes.InvalidPollAnswer, "An option is chosen at most once.");
        return (sorted, null);
    }

    /// <summary>A poll the viewer may see: a draft does not exist for a member.</summary>
    private Poll RequirePoll(string pollId, bool staff) =>
        RequireClassroom().Polls.Find(pollId) is { } poll && (staff || poll.Status != PollStatus.Draft)
            ? poll
            : throw new HuddleException(ErrorCodes.PollNotFound, "No such poll in this session.", ErrorKind.NotFound);

    private static HuddleException PollIsClosed() => Errors.Conflict(ErrorCodes.PollClosed, "This poll is closed.");
}
