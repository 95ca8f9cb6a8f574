namespace Huddle.Core.Sessions;

/// <summary>
/// The session aggregate. Every command validates everything first and returns the events it
/// decided, without changing state (so nothing is ever partially applied); the caller commits
/// them and then calls <see cref="Apply(Commit)"/>. Events are the only way state changes.
/// </summary>
public sealed partial class Session
{
    private readonly List<Participant> _participants = [];
    private readonly List<QueueItem> _queue = [];
    private readonly List<PlayedItem> _history = [];
    private readonly HashSet<string> _skipVotes = new(StringComparer.Ordinal);
    private readonly HuddleLimits _limits;
    private long _itemSequence;
    private long _placeSequence;
    private readonly Dictionary<string, long> _lastAddAt = new(StringComparer.Ordinal);
    private (string ById, long At)? _lastNext;

    public Session(HuddleLimits limits) => _limits = limits;

    public Guid Id { get; private set; }

    public string Code { get; private set; } = "";

    public SessionKind Kind { get; private set; }

    public string Title { get; private set; } = "";

    public SessionStatus Status { get; private set; }

    public SessionSettings Settings { get; private set; } = null!;

    public long Version { get; private set; }

    public long CreatedAt { get; private set; }

    public long LastActivityAt { get; private set; }

    public long? EndedAt { get; private set; }

    public string? EndReason { get; private set; }

    public string? HostId { get; private set; }

    public IReadOnlyList<Participant> Participants => _participants;

    /// <summary>The queue in play order.</summary>
    public IReadOnlyList<QueueItem> Queue => _queue;

    public NowPlaying? NowPlaying { get; private set; }

    /// <summary>Most recent first.</summary>
    public IReadOnlyList<PlayedItem> History => _history;

    public IReadOnlyCollection<string> SkipVotes => _skipVotes;

    public Participant? Host => HostId is null ? null : Find(HostId);

    public int PresentCount => _participants.Count(p => p.Present);

    public bool IsActive => Status == SessionStatus.Active;

    public Participant? Find(string participantId) =>
        _participants.Find(p => string.Equals(p.Id, participantId, StringComparison.Ordinal));

    /// <summary>Who is banned (kicked and not yet let back in), in the order they joined.</summary>
    public IEnumerable<Participant> Bans => _participants.Where(p => p.Kicked);

    public Participant? FindByTokenHash(string tokenHash) =>
        _participants.Find(p => string.Equals(p.TokenHash, tokenHash, StringComparison.Ordinal));

    public QueueItem? FindItem(string itemId) =>
        _queue.Find(i => string.Equals(i.ItemId, itemId, StringComparison.Ordinal));

    /// <summary>Skip votes of present participants, and how many are needed at the current threshold.</summary>
    public (int Votes, int Needed) SkipTally()
    {
        var present = PresentCount;
        var votes = _skipVotes.Count(id => Find(id)?.Present == true);
        var needed = Math.Max(1, (int)Math.Ceiling(Settings.SkipThreshold * present - 1e-9));
        return (votes, needed);
    }

    public void Apply(Commit commit)
    {
        foreach (var e in commit.Events) Apply(e);
        Version = commit.Version;
        LastActivityAt = commit.At;
        AfterMovieCommit(commit);
        AfterClassroomCommit(commit);
    }

    private void Apply(SessionEvent e)
    {
        switch (e)
        {
            case SessionCreated c:
                Id = c.Id;
                Code = c.Code;
                Kind = c.Kind;
                Title = c.Title;
                Settings = c.Settings;
                Status = SessionStatus.Active;
                CreatedAt = c.At;
                break;
            case ParticipantJoined j:
                _participants.Add(new Participant(j.ParticipantId, j.Name, j.TokenHash, j.At, j.DeviceHash));
                break;
            case PresenceChanged p:
            {
                var participant = Get(p.ParticipantId);
                participant.Present = p.Present;
                participant.LastSeenAt = p.At;
                if (p.Present) participant.Left = false;
                break;
            }
            case ParticipantLeft l:
            {
                var participant = Get(l.ParticipantId);
                participant.Present = false;
                participant.Left = true;
                participant.LastSeenAt = l.At;
                _skipVotes.Remove(l.ParticipantId);
                break;
            }
            case ParticipantKicked k:
            {
                var participant = Get(k.ParticipantId);
                participant.Present = false;
                participant.Kicked = true;
                participant.Role = Role.Member;
                _skipVotes.Remove(k.ParticipantId);

                // A removed participant's votes no longer shape the queue.
                foreach (var item in _queue) item.SetVote(k.ParticipantId, 0);
                SortQueue();
                break;
            }
            case ParticipantUnbanned u:
            {
                // Back to "left": they come back only by joining, like anyone who walked out.
                var participant = Get(u.ParticipantId);
                participant.Kicked = false;
                participant.Left = true;
                break;
            }
            case HostChanged h:
                if (Host is { } previous) previous.Role = Role.Member;
                HostId = h.ParticipantId;
                if (h.ParticipantId is not null) Get(h.ParticipantId).Role = Role.Host;
                break;
            case RoleChanged r:
                Get(r.ParticipantId).Role = r.Role;
                break;
            case SettingsChanged s:
                Settings = s.Settings;
                SortQueue(); // the queueOrder may have changed
                break;
            case ItemAdded a:
                _queue.Add(new QueueItem(
                    a.ItemId,
                    new SongRef(a.CatalogId, a.Title, a.Artist, a.Genre, a.DurationSeconds),
                    a.AddedById,
                    a.AddedByName,
                    a.At,
                    ++_itemSequence));
                _lastAddAt[a.AddedById] = a.At;
                SortQueue();
                break;
            case ItemRemoved r:
                _queue.RemoveAll(i => i.ItemId == r.ItemId);
                break;
            case VoteCast v:
                FindItem(v.ItemId)!.SetVote(v.ParticipantId, v.Value);
                SortQueue();
                break;
            case ItemMovedToTop m:
                FindItem(m.ItemId)!.MovedAt = ++_placeSequence;
                SortQueue();
                break;
            case ItemPinned pin:
            {
                var item = FindItem(pin.ItemId)!;
                item.PinnedAt = pin.Pinned ? ++_placeSequence : null;
                item.MovedAt = null;
                SortQueue();
                break;
            }
            case NowPlayingChanged n:
                if (NowPlaying is { } current)
                {
                    _history.Insert(0, new PlayedItem(current.Item, current.Item.Score, n.At));
                    if (_history.Count > _limits.HistorySize) _history.RemoveAt(_history.Count - 1);
                }

                _skipVotes.Clear();
                _lastNext = n.ById is null ? null : (n.ById, n.At);
                NowPlaying = null;
                if (n.NextItemId is not null)
                {
                    var next = FindItem(n.NextItemId)!;
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
            case SessionKeptAlive:
                break; // the commit itself is the activity
            case SessionEnded end:
                Status = SessionStatus.Ended;
                EndedAt = end.At;
                EndReason = end.Reason;
                break;
            case MovieEvent movie:
                ApplyMovie(movie);
                break;
            case ClassroomEvent classroom:
                ApplyClassroom(classroom);
                break;
            case CoachingRoomEvent room:
                ApplyCoachingRoom(room);
                break;
            default:
                throw new InvalidOperationException($"Unknown session event {e.GetType().Name}.");
        }
    }

    private Participant Get(string participantId) =>
        Find(participantId) ?? throw new InvalidOperationException($"Event names unknown participant {participantId}.");

    /// <summary>
    /// The one place the queue's order is decided (the wire's queue is this list): pinned items first,
    /// in the order they were pinned; then items moved to the top, the latest move first; then the rest
    /// by <see cref="SessionSettings.QueueOrder"/>. "fair" deals rounds: each contributor's best-voted item,
    /// then each one's second, and so on, with votes (then time added) deciding the order within a round.
    /// Rounds count every item, so pinning or moving one item never reorders the others.
    /// </summary>
    private void SortQueue()
    {
        _queue.Sort(QueueItem.CompareForQueue);
        var fair = Settings.QueueOrder == QueueOrder.Fair;
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
