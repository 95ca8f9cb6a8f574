namespace Huddle.Core.Sessions;

/// <summary>
/// A jam's own state, as <see cref="MovieNight"/> is a movie night's: the song queue (in play order),
/// what is playing, the history, skip votes and the fairness bookkeeping. Only a kind that
/// <see cref="SessionKinds.HasQueue"/> has one. Changed only by <see cref="Session.Apply(Commit)"/>.
/// </summary>
public sealed class Jam(HuddleLimits limits)
{
    private readonly List<QueueItem> _queue = [];
    private readonly List<PlayedItem> _history = [];
    private readonly HashSet<string> _skipVotes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastAddAt = new(StringComparer.Ordinal);
    private long _itemSequence;
    private long _placeSequence;

    /// <summary>The queue in play order.</summary>
    public IReadOnlyList<QueueItem> Queue => _queue;

    public NowPlaying? NowPlaying { get; private set; }

    /// <summary>Most recent first.</summary>
    public IReadOnlyList<PlayedItem> History => _history;

    public IReadOnlyCollection<string> SkipVotes => _skipVotes;

    /// <summary>Who last pressed "play next", and when (null after an advance nobody pressed).</summary>
    public (string ById, long At)? LastNext { get; private set; }

    public QueueItem? Find(string itemId) => _queue.Find(i => string.Equals(i.ItemId, itemId, StringComparison.Ordinal));

    public bool HasSkipVoted(string participantId) => _skipVotes.Contains(participantId);

    /// <summary>When this participant last added a song (the add cooldown counts from it).</summary>
    public long? LastAddAt(string participantId) => _lastAddAt.TryGetValue(participantId, out var at) ? at : null;

    /// <summary>Whether the event is one of the jam's own (the queue, playback and skip votes).</summary>
    public static bool Owns(SessionEvent e) =>
        e is ItemAdded or ItemRemoved or VoteCast or ItemMovedToTop or ItemPinned or NowPlayingChanged or PlaybackChanged or SkipVoteCast;

    internal void Apply(SessionEvent e, QueueOrder order)
    {
        switch (e)
        {
            case ItemAdded a:
                _queue.Add(new QueueItem(
                    a.ItemId,
                    new SongRef(a.CatalogId, a.Title, a.Artist, a.Genre, a.DurationSeconds),
                    a.AddedById,
                    a.AddedByName,
                    a.At,
                    ++_itemSequence));
                _lastAddAt[a.AddedById] = a.At;
                Sort(order);
                break;
            case ItemRemoved r:
                _queue.RemoveAll(i => i.ItemId == r.ItemId);
                break;
            case VoteCast v:
                Find(v.ItemId)!.SetVote(v.ParticipantId, v.Value);
                Sort(order);
                break;
            case ItemMovedToTop m:
                Find(m.ItemId)!.MovedAt = ++_placeSequence;
                Sort(order);
                break;
            case ItemPinned pin:
            {
                var item = Find(pin.ItemId)!;
                item.PinnedAt = pin.Pinned ? ++_placeSequence : null;
                item.MovedAt = null;
                Sort(order);
                break;
            }
            case NowPlayingChanged n:
                if (NowPlaying is { } current)
                {
                    _history.Insert(0, new PlayedItem(current.Item, current.Item.Score, n.At));
                    if (_history.Count > limits.HistorySize) _history.RemoveAt(_history.Count - 1);
                }

                _skipVotes.Clear();
                LastNext = n.ById is null ? null : (n.ById, n.At);
                NowPlaying = null;
                if (n.NextItemId is not null)
                {
                    var next = Find(n.NextItemId)!;
                    _queue.Remove(next);
                    NowPlaying = new NowPlaying(next, new PlaybackState(true, 0, n.At), n.At);
                }

                break;
            case PlaybackChanged p:
                NowPlaying = NowPlaying! with { Playback = new PlaybackState(p.IsPlaying, p.PositionSeconds, p.At) };
                break;
            case SkipVoteCast s:
                _skipVotes.Add(s.ParticipantId);
                break;
            default:
                throw new InvalidOperationException($"{e.GetType().Name} is not a jam event.");
        }
    }

    /// <summary>A participant left: their skip vote no longer counts.</summary>
    internal void Left(string participantId) => _skipVotes.Remove(participantId);

    /// <summary>A removed participant's votes no longer shape the queue.</summary>
    internal void Kicked(string participantId, QueueOrder order)
    {
        _skipVotes.Remove(participantId);
        foreach (var item in _queue) item.SetVote(participantId, 0);
        Sort(order);
    }

    /// <summary>
    /// The one place the queue's order is decided (the wire's queue is this list): pinned items first,
    /// in the order they were pinned; then items moved to the top, the latest move first; then the rest
    /// by <see cref="SessionSettings.QueueOrder"/>. "fair" deals rounds: each contributor's best-voted item,
    /// then each one's second, and so on, with votes (then time added) deciding the order within a round.
    /// Rounds count every item, so pinning or moving one item never reorders the others.
    /// </summary>
    internal void Sort(QueueOrder order)
    {
        _queue.Sort(QueueItem.CompareForQueue);
        var fair = order == QueueOrder.Fair;
        if (!fair && !_queue.Exists(i => i.PinnedAt is not null || i.MovedAt is not null)) return;
        var round = new Dictionary<QueueItem, int>();
        if (fair)
        {
            var dealt = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var item in _queue)
            {
                var n = dealt.GetValueOrDefault(item.AddedById);
                round[item] = n;
                dealt[item.AddedById] = n + 1;
            }
        }

        // OrderBy is stable: within a round the vote order of the sort above stays.
        var ordered = _queue
            .OrderBy(i => i.PinnedAt ?? long.MaxValue)
            .ThenByDescending(i => i.MovedAt ?? long.MinValue)
            .ThenBy(i => round.GetValueOrDefault(i))
            .ToList();
        _queue.Clear();
        _queue.AddRange(ordered);
    }
}
