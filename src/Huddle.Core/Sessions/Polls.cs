namespace Huddle.Core.Sessions;

/// <summary>What a poll asks for (wire names: single, multiple, rating, text, quiz).</summary>
public enum PollKind
{
    /// <summary>One of the options.</summary>
    SingleChoice,

    /// <summary>One or more of the options.</summary>
    MultipleChoice,

    /// <summary>A rating from 1 to 5 (no options).</summary>
    Rating,

    /// <summary>A short open text; the results are a word cloud with counts.</summary>
    Text,

    /// <summary>One of the options, one of which is correct: revealed at close, scored per participant.</summary>
    Quiz,
}

/// <summary>Where a poll is in its life (wire names: draft, open, closed).</summary>
public enum PollStatus
{
    /// <summary>Prepared; only moderators and the host see it.</summary>
    Draft,

    /// <summary>Launched: participants answer.</summary>
    Open,

    /// <summary>Closed: answers are final, a quiz's correct option is revealed.</summary>
    Closed,
}

public static class PollNames
{
    public static string Of(PollKind kind) => kind switch
    {
        PollKind.SingleChoice => "single",
        PollKind.MultipleChoice => "multiple",
        PollKind.Rating => "rating",
        PollKind.Text => "text",
        PollKind.Quiz => "quiz",
    };

    public static string Of(PollStatus status) => status switch
    {
        PollStatus.Draft => "draft",
        PollStatus.Open => "open",
        PollStatus.Closed => "closed",
    };

    public static PollKind? ParseKind(string? wire) => wire switch
    {
        "single" => PollKind.SingleChoice,
        "multiple" => PollKind.MultipleChoice,
        "rating" => PollKind.Rating,
        "text" => PollKind.Text,
        "quiz" => PollKind.Quiz,
        _ => null,
    };
}

/// <summary>Fixed bounds of polls (small enough for a phone screen and a projector).</summary>
public static class PollLimits
{
    public const int PollsPerSession = 50;
    public const int QuestionMaxLength = 300;
    public const int MinOptions = 2;
    public const int MaxOptions = 10;
    public const int OptionMaxLength = 100;
    public const int TextAnswerMaxLength = 50;
    public const int RatingMax = 5;

    /// <summary>The word cloud sends at most this many distinct answers (the most frequent).</summary>
    public const int WordCloudMax = 50;

    /// <summary>The quiz leaderboard's length.</summary>
    public const int LeaderboardMax = 10;
}

/// <summary>One participant's answer to a poll.</summary>
public sealed record PollAnswer(string ParticipantId, string ParticipantName, IReadOnlyList<int> Choices, string? Text, long At);

/// <summary>A word of the word cloud: answers equal after trimming and lower-casing count together.</summary>
public sealed record PollWord(string Text, int Count);

/// <summary>A participant's quiz score: correct answers over the closed quizzes.</summary>
public sealed record QuizScore(string ParticipantId, string Name, int Score);

/// <summary>A poll, its answers (one per participant) and its results.</summary>
public sealed class Poll
{
    private readonly Dictionary<string, PollAnswer> _answers = new(StringComparer.Ordinal);

    internal Poll(PollCreated created, long sequence)
    {
        PollId = created.PollId;
        Kind = created.Kind;
        Question = created.Question;
        Options = created.Options;
        Correct = created.Correct;
        AllowChange = created.AllowChange;
        Named = created.Named;
        ResultsLive = created.ResultsLive;
        CreatedAt = created.At;
        Sequence = sequence;
    }

    public string PollId { get; }

    public PollKind Kind { get; }

    public string Question { get; }

    /// <summary>The options (empty for rating and text polls).</summary>
    public IReadOnlyList<string> Options { get; }

    /// <summary>A quiz's correct option; sent to participants only once the poll is closed.</summary>
    public int? Correct { get; }

    public bool AllowChange { get; }

    public bool Named { get; }

    public bool ResultsLive { get; }

    public PollStatus Status { get; internal set; }

    public long CreatedAt { get; }

    public long? LaunchedAt { get; internal set; }

    public long? ClosedAt { get; internal set; }

    public bool LeaderboardShown { get; internal set; }

    /// <summary>Order of creation, for a stable list.</summary>
    public long Sequence { get; }

    public int AnswerCount => _answers.Count;

    public IReadOnlyCollection<PollAnswer> Answers => _answers.Values;

    public PollAnswer? AnswerOf(string participantId) => _answers.GetValueOrDefault(participantId);

    /// <summary>Whether participants (not moderators) see the results now.</summary>
    public bool ResultsPublic => Status == PollStatus.Closed || (Status == PollStatus.Open && ResultsLive);

    /// <summary>Answers per option; for a rating, per value 1–5 (index 0 is 1 star).</summary>
    public IReadOnlyList<int> Counts()
    {
        var counts = new int[Kind switch
        {
            PollKind.Rating => PollLimits.RatingMax,
            PollKind.Text => 0,
            PollKind.SingleChoice or PollKind.MultipleChoice or PollKind.Quiz => Options.Count,
        }];
        foreach (var answer in _answers.Values)
        {
            foreach (var c in answer.Choices) counts[Kind == PollKind.Rating ? c - 1 : c]++;
        }

        return counts;
    }

    /// <summary>An open-text poll's word cloud: most frequent first, then alphabetical; at most <see cref="PollLimits.WordCloudMax"/>.</summary>
    public IReadOnlyList<PollWord> Words()
    {
        if (Kind != PollKind.Text) return [];
        return _answers.Values
            .GroupBy(a => a.Text!.ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => new PollWord(g.Key, g.Count()))
            .OrderByDescending(w => w.Count).ThenBy(w => w.Text, StringComparer.Ordinal)
            .Take(PollLimits.WordCloudMax)
            .ToList();
    }

    /// <summary>A rating poll's average (null without answers or for other kinds).</summary>
    public double? Average() =>
        Kind == PollKind.Rating && _answers.Count > 0 ? Math.Round(_answers.Values.Average(a => a.Choices[0]), 2) : null;

    public bool IsCorrect(PollAnswer answer) => Kind == PollKind.Quiz && answer.Choices is [var c] && c == Correct;

    internal void SetAnswer(PollAnswered a) => _answers[a.ParticipantId] = new PollAnswer(a.ParticipantId, a.ParticipantName, a.Choices, a.Text, a.At);
}

/// <summary>A classroom's polls, in order of creation. Changed only through <see cref="Session.Apply(Commit)"/>.</summary>
public sealed class PollBook
{
    private readonly List<Poll> _polls = [];
    private long _sequence;

    public IReadOnlyList<Poll> All => _polls;

    public Poll? Find(string pollId) => _polls.Find(p => p.PollId == pollId);

    /// <summary>The launched, not yet closed poll (at most one: launching closes the previous one).</summary>
    public Poll? Active => _polls.Find(p => p.Status == PollStatus.Open);

    /// <summary>The polls a viewer may see: drafts only for moderators and the host.</summary>
    public IEnumerable<Poll> VisibleTo(bool staff) => _polls.Where(p => staff || p.Status != PollStatus.Draft);

    /// <summary>
    /// The quiz leaderboard: correct answers over the closed quizzes per participant, best first, then
    /// by name; at most <see cref="PollLimits.LeaderboardMax"/>, participants without a point left out.
    /// </summary>
    public IReadOnlyList<QuizScore> Leaderboard() =>
        _polls.Where(p => p is { Kind: PollKind.Quiz, Status: PollStatus.Closed })
            .SelectMany(p => p.Answers.Where(p.IsCorrect))
            .GroupBy(a => a.ParticipantId, StringComparer.Ordinal)
            .Select(g => new QuizScore(g.Key, g.Last().ParticipantName, g.Count()))
            .OrderByDescending(s => s.Score).ThenBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.ParticipantId, StringComparer.Ordinal)
            .Take(PollLimits.LeaderboardMax)
            .ToList();

    /// <summary>One participant's quiz score (correct answers over the closed quizzes).</summary>
    public int ScoreOf(string participantId) =>
        _polls.Count(p => p is { Kind: PollKind.Quiz, Status: PollStatus.Closed } && p.AnswerOf(participantId) is { } a && p.IsCorrect(a));

    internal void Apply(PollEvent e)
    {
        switch (e)
        {
            case PollCreated c:
                _polls.Add(new Poll(c, ++_sequence));
                break;
            case PollLaunched l:
            {
                var poll = Get(l.PollId);
                poll.Status = PollStatus.Open;
                poll.LaunchedAt = l.At;
                break;
            }

            case PollClosed c:
            {
                var poll = Get(c.PollId);
                poll.Status = PollStatus.Closed;
                poll.ClosedAt = c.At;
                break;
            }

            case PollDeleted d:
                _polls.Remove(Get(d.PollId));
                break;
            case PollAnswered a:
                Get(a.PollId).SetAnswer(a);
                break;
            case PollLeaderboardShown s:
                Get(s.PollId).LeaderboardShown = s.Shown;
                break;
            default:
                throw new InvalidOperationException($"Unknown poll event {e.GetType().Name}.");
        }
    }

    private Poll Get(string pollId) =>
        Find(pollId) ?? throw new InvalidOperationException($"Event names a poll not in the session: {pollId}.");
}
