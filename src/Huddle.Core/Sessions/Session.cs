namespace Huddle.Core.Sessions;

/// <summary>
/// The session aggregate. Every command validates everything first and returns the events it
/// decided, without changing state (so nothing is ever partially applied); the caller commits
/// them and then calls <see cref="Apply(Commit)"/>. Events are the only way state changes.
/// </summary>
public sealed partial class Session
{
    private readonly List<Participant> _participants = [];
    private readonly HuddleLimits _limits;
    private Jam? _jam;

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

    /// <summary>The jam's state: only in a kind that <see cref="SessionKinds.HasQueue"/>.</summary>
    public Jam? Jam => _jam;

    /// <summary>The queue in play order (empty in a kind without one).</summary>
    public IReadOnlyList<QueueItem> Queue => _jam?.Queue ?? [];

    public NowPlaying? NowPlaying => _jam?.NowPlaying;

    /// <summary>Most recent first.</summary>
    public IReadOnlyList<PlayedItem> History => _jam?.History ?? [];

    public IReadOnlyCollection<string> SkipVotes => _jam?.SkipVotes ?? [];

    public Participant? Host => HostId is null ? null : Find(HostId);

    public int PresentCount => _participants.Count(p => p.Present);

    public bool IsActive => Status == SessionStatus.Active;

    public Participant? Find(string participantId) =>
        _participants.Find(p => string.Equals(p.Id, participantId, StringComparison.Ordinal));

    /// <summary>Who is banned (kicked and not yet let back in), in the order they joined.</summary>
    public IEnumerable<Participant> Bans => _participants.Where(p => p.Kicked);

    public Participant? FindByTokenHash(string tokenHash) =>
        _participants.Find(p => string.Equals(p.TokenHash, tokenHash, StringComparison.Ordinal));

    public QueueItem? FindItem(string itemId) => _jam?.Find(itemId);

    /// <summary>Skip votes of present participants, and how many are needed at the current threshold.</summary>
    public (int Votes, int Needed) SkipTally()
    {
        var present = PresentCount;
        var votes = SkipVotes.Count(id => Find(id)?.Present == true);
        var needed = Math.Max(1, (int)Math.Ceiling(Settings.SkipThreshold * present - 1e-9));
        return (votes, needed);
    }

    public void Apply(Commit commit)
    {
        _classroom?.BeginCommit();
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
                if (c.Kind.HasQueue()) _jam = new Jam(_limits);
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
                _jam?.Left(l.ParticipantId);
                break;
            }
            case ParticipantKicked k:
            {
                var participant = Get(k.ParticipantId);
                participant.Present = false;
                participant.Kicked = true;
                participant.Role = Role.Member;
                _jam?.Kicked(k.ParticipantId, Settings.QueueOrder);
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
                _jam?.Sort(Settings.QueueOrder); // the queueOrder may have changed
                break;
            case var jamEvent when Jam.Owns(jamEvent):
                (_jam ?? throw new InvalidOperationException($"A {WireNames.Of(Kind)} session has no jam for {e.GetType().Name}."))
                    .Apply(jamEvent, Settings.QueueOrder);
                break;
            case SessionKeptAlive:
                break; // the commit itself is the activity
            case OwnerTokenReissued o:
                Get(o.ParticipantId).TokenHash = o.TokenHash;
                break;
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
}
