namespace Huddle.Core.Sessions;

/// <summary>Where a question is in its life (wire names: pending, open, answered, hidden).</summary>
public enum QuestionStatus
{
    /// <summary>Waiting for a moderator's approval: seen only by its author and the moderators.</summary>
    Pending,

    /// <summary>In the ranked list everyone sees.</summary>
    Open,

    /// <summary>In the answered list everyone sees.</summary>
    Answered,

    /// <summary>Hidden by a moderator: seen only by its author and the moderators.</summary>
    Hidden,
}

public static class QuestionStatuses
{
    /// <summary>The status on the wire: "removed" for a removed question (whatever status it keeps for a restore).</summary>
    public static string Of(Question question) => question.IsRemoved ? "removed" : Of(question.Status);

    public static string Of(QuestionStatus status) => status switch
    {
        QuestionStatus.Pending => "pending",
        QuestionStatus.Open => "open",
        QuestionStatus.Answered => "answered",
        QuestionStatus.Hidden => "hidden",
    };
}

/// <summary>One question with its upvoters.</summary>
public sealed class Question
{
    private readonly HashSet<string> _upvoters = new(StringComparer.Ordinal);

    internal Question(QuestionAsked asked, long sequence)
    {
        ItemId = asked.ItemId;
        AuthorId = asked.AuthorId;
        AuthorName = asked.AuthorName;
        Text = asked.Text;
        Anonymous = asked.Anonymous;
        Status = asked.NeedsApproval ? QuestionStatus.Pending : QuestionStatus.Open;
        AskedAt = asked.At;
        Sequence = sequence;
    }

    public string ItemId { get; }

    /// <summary>Who asked, even when anonymous (never sent to other clients).</summary>
    public string AuthorId { get; }

    public string AuthorName { get; }

    public bool Anonymous { get; }

    public string Text { get; internal set; }

    public QuestionStatus Status { get; internal set; }

    public long AskedAt { get; }

    public long? EditedAt { get; internal set; }

    public long? AnsweredAt { get; internal set; }

    /// <summary>When a moderator removed it (restorable: the status is kept); null while not removed.</summary>
    public long? RemovedAt { get; internal set; }

    public bool IsRemoved => RemovedAt is not null;

    /// <summary>Order of arrival: breaks ties between questions asked in the same millisecond.</summary>
    public long Sequence { get; }

    public int Score => _upvoters.Count;

    public IReadOnlyCollection<string> Upvoters => _upvoters;

    public bool HasUpvoteOf(string participantId) => _upvoters.Contains(participantId);

    /// <summary>Open and answered questions are public; pending and hidden ones only for their author and moderators; removed ones only for moderators.</summary>
    public bool IsPublic => !IsRemoved && Status is QuestionStatus.Open or QuestionStatus.Answered;

    /// <summary>Seen by its author (and the moderators) but not by the room: pending or hidden, not removed.</summary>
    public bool IsPrivate => !IsRemoved && !IsPublic;

    public bool IsVisibleTo(string? viewerId, bool staff) =>
        staff || IsPublic || (!IsRemoved && viewerId is not null && viewerId == AuthorId);

    internal void SetUpvote(string participantId, int value)
    {
        if (value == 1) _upvoters.Add(participantId);
        else _upvoters.Remove(participantId);
    }
}

/// <summary>
/// A classroom session's state: the questions, the pinned one, and each participant's recent asks
/// (for the rate limit). Changed only through <see cref="Session.Apply(Commit)"/>.
/// </summary>
public sealed class Classroom
{
    private readonly List<Question> _questions = [];
    private readonly Dictionary<string, Question> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _asks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _askingBanned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _changed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _rescored = new(StringComparer.Ordinal);
    private HashSet<string> _blockedKeys = new(StringComparer.Ordinal);
    private long _sequence;

    public int HostSessionLimit { get; private set; }

    /// <summary>The account that owns this classroom (a signed-in teacher created it); null for a name-only room.</summary>
    public Guid? OwnerAccountId { get; private set; }

    /// <summary>Every question in order of arrival (deleted ones are gone).</summary>
    public IReadOnlyList<Question> Questions => _questions;

    public string? PinnedId { get; private set; }

    /// <summary>The session's polls.</summary>
    public PollBook Polls { get; } = new();

    /// <summary>The word filter's list as the host typed it (empty: off).</summary>
    public IReadOnlyList<string> BlockedWords { get; private set; } = [];

    /// <summary>Participants who may not ask (they still watch and vote).</summary>
    public IReadOnlyCollection<string> BannedFromAsking => _askingBanned;

    /// <summary>
    /// The questions the last commit changed, each with whether the room (the public list) could see it
    /// before: the publisher sends one delta per question, and takes a question out of the public list
    /// only where it was in it (the id of a question the room never saw is never sent to it).
    /// </summary>
    public IReadOnlyDictionary<string, bool> ChangedInLastCommit => _changed;

    /// <summary>Questions whose score alone the last commit changed (upvotes, a kicked participant's upvotes taken away).</summary>
    public IReadOnlyCollection<string> RescoredInLastCommit => _rescored;

    public Question? Find(string itemId) => _byId.GetValueOrDefault(itemId);

    public bool IsBannedFromAsking(string participantId) => _askingBanned.Contains(participantId);

    /// <summary>Whether the text holds a blocked word (whole word, ignoring case and accents).</summary>
    public bool Blocks(string text) => _blockedKeys.Count > 0 && WordFilter.Words(text).Any(_blockedKeys.Contains);

    public bool IsPinned(Question q) => PinnedId == q.ItemId;

    /// <summary>When the participant asked recently (oldest first), for the rate limit.</summary>
    public IReadOnlyList<long> AsksOf(string participantId) => _asks.TryGetValue(participantId, out var list) ? list : [];

    /// <summary>
    /// The order everyone sees (SPEC §3.3): the pinned question first, then open questions by upvotes
    /// descending, then time asked ascending (arrival breaks exact ties); then, for those who may see
    /// them, pending questions oldest first; then answered ones, latest answer first; then hidden ones.
    /// </summary>
    public IReadOnlyList<Question> VisibleTo(string? viewerId, bool staff)
    {
        var visible = _questions.Where(q => q.IsVisibleTo(viewerId, staff)).ToList();
        visible.Sort(Compare);
        return visible;
    }

    /// <summary>The open questions in ranked order (pinned first): what a projector shows.</summary>
    public IReadOnlyList<Question> Ranked() => VisibleTo(null, false).Where(q => q.Status == QuestionStatus.Open).ToList();

    private int Compare(Question a, Question b)
    {
        var byGroup = Group(a).CompareTo(Group(b));
        if (byGroup != 0) return byGroup;
        switch (a.Status)
        {
            case QuestionStatus.Open:
                var byScore = b.Score.CompareTo(a.Score);
                if (byScore != 0) return byScore;
                break;
            case QuestionStatus.Answered:
                var byAnswer = (b.AnsweredAt ?? 0).CompareTo(a.AnsweredAt ?? 0);
                if (byAnswer != 0) return byAnswer;
                break;
            case QuestionStatus.Pending or QuestionStatus.Hidden:
                break;
        }

        var byTime = a.AskedAt.CompareTo(b.AskedAt);
        return byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
    }

    private int Group(Question q) => q.IsRemoved ? 5 : q.Status switch
    {
        QuestionStatus.Open => IsPinned(q) ? 0 : 1,
        QuestionStatus.Pending => 2,
        QuestionStatus.Answered => 3,
        QuestionStatus.Hidden => 4,
    };

    /// <summary>A new commit starts: forget what the last one changed.</summary>
    internal void BeginCommit()
    {
        _changed.Clear();
        _rescored.Clear();
    }

    internal void Apply(ClassroomEvent e, int rateWindowCount)
    {
        if (e is QuestionUpvoted up) _rescored.Add(up.ItemId);
        else if (e is QuestionAsked asked) _changed.TryAdd(asked.ItemId, false);
        else if (ItemOf(e) is { } itemId && Find(itemId) is { } before) _changed.TryAdd(itemId, before.IsPublic);
        if (e is QuestionPinned && PinnedId is { } unpinned && Find(unpinned) is { } old) _changed.TryAdd(unpinned, old.IsPublic);

        switch (e)
        {
            case ClassroomStarted s:
                HostSessionLimit = s.HostSessionLimit;
                OwnerAccountId = s.OwnerAccountId;
                if (s.BlockedWords is { Count: > 0 } words)
                {
                    BlockedWords = words;
                    _blockedKeys = WordFilter.Keys(words);
                }

                break;
            case PollEvent p:
                Polls.Apply(p);
                break;
            case QuestionAsked a:
            {
                var question = new Question(a, ++_sequence);
                _questions.Add(question);
                _byId[a.ItemId] = question;
                if (!_asks.TryGetValue(a.AuthorId, out var asks)) _asks[a.AuthorId] = asks = [];
                asks.Add(a.At);

                // Only the latest asks matter for the limit; keep the list short.
                if (asks.Count > Math.Max(1, rateWindowCount)) asks.RemoveAt(0);
                break;
            }

            case QuestionEdited ed:
            {
                var question = Get(ed.ItemId);
                question.Text = ed.Text;
                question.EditedAt = ed.At;
                if (ed.BackToApproval)
                {
                    question.Status = QuestionStatus.Pending;
                    Unpin(question);
                }

                break;
            }

            case QuestionDeleted d:
            {
                var question = Get(d.ItemId);
                _questions.Remove(question);
                _byId.Remove(d.ItemId);
                Unpin(question);
                break;
            }

            case QuestionUpvoted u:
                Get(u.ItemId).SetUpvote(u.ParticipantId, u.Value);
                break;
            case QuestionApproved ap:
                Get(ap.ItemId).Status = QuestionStatus.Open;
                break;
            case QuestionAnswered an:
            {
                var question = Get(an.ItemId);
                question.Status = QuestionStatus.Answered;
                question.AnsweredAt = an.At;
                Unpin(question);
                break;
            }

            case QuestionPinned p:
                PinnedId = p.ItemId;
                break;
            case QuestionHidden h:
            {
                var question = Get(h.ItemId);
                question.Status = QuestionStatus.Hidden;
                Unpin(question);
                break;
            }

            case QuestionRemoved r:
            {
                var question = Get(r.ItemId);
                question.RemovedAt = r.At;
                Unpin(question);
                break;
            }

            case QuestionRestored r:
                Get(r.ItemId).RemovedAt = null;
                break;
            case BlockedWordsSet w:
                BlockedWords = w.Words;
                _blockedKeys = WordFilter.Keys(w.Words);
                break;
            case AskingBanChanged { Banned: true } b:
                _askingBanned.Add(b.ParticipantId);
                break;
            case AskingBanChanged b:
                _askingBanned.Remove(b.ParticipantId);
                break;

            default:
                throw new InvalidOperationException($"Unknown classroom event {e.GetType().Name}.");
        }
    }

    /// <summary>A removed participant's upvotes no longer count (their questions stay).</summary>
    internal void Forget(string participantId)
    {
        foreach (var q in _questions.Where(q => q.HasUpvoteOf(participantId)))
        {
            q.SetUpvote(participantId, 0);
            _rescored.Add(q.ItemId);
        }
    }

    /// <summary>The question a question event names (null for the others).</summary>
    private static string? ItemOf(ClassroomEvent e) => e switch
    {
        QuestionEdited x => x.ItemId,
        QuestionDeleted x => x.ItemId,
        QuestionApproved x => x.ItemId,
        QuestionAnswered x => x.ItemId,
        QuestionPinned x => x.ItemId,
        QuestionHidden x => x.ItemId,
        QuestionRemoved x => x.ItemId,
        QuestionRestored x => x.ItemId,
        _ => null,
    };

    private void Unpin(Question question)
    {
        if (PinnedId == question.ItemId) PinnedId = null;
    }

    private Question Get(string itemId) =>
        Find(itemId) ?? throw new InvalidOperationException($"Event names a question not in the session: {itemId}.");
}
