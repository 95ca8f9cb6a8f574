using Huddle.Core.Catalog;

namespace Huddle.Core.Sessions;

/// <summary>
/// Commands: each checks permission and input against the current state and returns the events
/// to commit. They never mutate; an empty list means "nothing to change" (no version bump).
/// </summary>
public sealed partial class Session
{
    private static readonly IReadOnlyList<SessionEvent> Nothing = [];

    /// <summary>The <c>addedBy</c> of a song the auto-DJ picked: no participant id looks like it ("p_…", "a_…").</summary>
    public const string AutoDjId = "huddle";

    public const string AutoDjName = "Huddle";

    /// <summary>How soon after someone's "next" another person's "next" counts as the same press.</summary>
    public const long DoubleNextWindowMs = 2000;

    public static IReadOnlyList<SessionEvent> Create(
        Guid id, string code, SessionKind kind, string title, SessionSettings settings,
        string hostId, string hostName, string hostTokenHash, long now) =>
    [
        new SessionCreated(id, code, kind, title, settings, now),
        new ParticipantJoined(hostId, hostName, hostTokenHash, now),
        new HostChanged(hostId, null, "created"),
    ];

    /// <summary>A join with a known token is the same participant again; otherwise a new one.</summary>
    public IReadOnlyList<SessionEvent> Join(string? name, string? tokenHash, string newParticipantId, string newTokenHash, long now, out string participantId) =>
        Join(name, tokenHash, null, newParticipantId, newTokenHash, now, out participantId);

    /// <summary>
    /// <paramref name="deviceHash"/> (see <see cref="Secrets.HashDevice"/>) identifies the browser: a kicked
    /// participant's device cannot join again under a new name until the host lifts the ban.
    /// </summary>
    public IReadOnlyList<SessionEvent> Join(
        string? name, string? tokenHash, string? deviceHash, string newParticipantId, string newTokenHash, long now, out string participantId)
    {
        EnsureActive();
        if (Kind.FollowsBooking()) return JoinAccount(null, now, out participantId);
        var existing = tokenHash is null ? null : FindByTokenHash(tokenHash);
        if (existing is { Kicked: true }) throw Errors.Banned();

        // The device counts only for a join by name: someone else on a shared browser keeps their own token.
        if (existing is null && deviceHash is not null && Bans.Any(b => b.DeviceHash == deviceHash)) throw Errors.Banned();
        var events = new List<SessionEvent>();
        if (existing is not null)
        {
            participantId = existing.Id;
            if (!existing.Present) EnsureRoom();

            // Committed even when already present: every new connection must change the version, so a
            // presence check on another node that missed this connection loses its race and checks again.
            events.Add(new PresenceChanged(existing.Id, true, now));
        }
        else
        {
            if (tokenHash is not null && name is null)
                throw Errors.Invalid(ErrorCodes.InvalidToken, "This participant token is not known in this session; join with a name.");
            var validName = Validate.Name(name, _limits);
            EnsureRoom();
            participantId = newParticipantId;
            events.Add(new ParticipantJoined(newParticipantId, validName, newTokenHash, now, deviceHash));
            events.Add(new PresenceChanged(newParticipantId, true, now));
        }

        // The host role is never left vacant while someone is present.
        if (HostId is null) events.Add(new HostChanged(participantId, null, "vacant"));
        return events;
    }

    public IReadOnlyList<SessionEvent> SetPresence(string participantId, bool present, long now)
    {
        var participant = Find(participantId);
        if (participant is null || participant.Present == present || !IsActive || participant.Kicked) return Nothing;
        if (present && participant.Left) return Nothing; // A participant who left comes back only by joining.
        List<SessionEvent> events = [new PresenceChanged(participantId, present, now)];
        if (present && HostId is null) events.Add(new HostChanged(participantId, null, "vacant"));
        return events;
    }

    /// <summary>
    /// Brings presence in line with the connections the nodes have recorded: absent without one,
    /// present with one (a participant who left or was kicked stays out).
    /// </summary>
    public IReadOnlyList<SessionEvent> SyncPresence(IReadOnlySet<string> connected, long now)
    {
        if (!IsActive) return Nothing;
        List<SessionEvent>? events = null;
        string? firstBack = null;
        foreach (var p in _participants)
        {
            if (p.Kicked || p.Left || p.Present == connected.Contains(p.Id)) continue;
            (events ??= []).Add(new PresenceChanged(p.Id, !p.Present, now));
            if (!p.Present) firstBack ??= p.Id;
        }

        if (events is not null && HostId is null && firstBack is not null) events.Add(new HostChanged(firstBack, null, "vacant"));
        return events ?? Nothing;
    }

    public IReadOnlyList<SessionEvent> Leave(string participantId, long now)
    {
        var participant = RequireMember(participantId);
        if (!IsActive || participant.Left) return Nothing;
        List<SessionEvent> events = [new ParticipantLeft(participantId, now)];

        // The coach stays the host of a coaching room while away: the role belongs to the booking.
        if (participantId == HostId && !Kind.FollowsBooking())
            events.Add(new HostChanged(EarliestPresentExcept(participantId)?.Id, participantId, "left"));
        return events;
    }

    /// <summary>
    /// Moves the host role when the host has been absent longer than <paramref name="grace"/> and
    /// someone else is present: to the present participant who joined earliest.
    /// </summary>
    public IReadOnlyList<SessionEvent> MigrateHostIfDue(long now, TimeSpan grace)
    {
        if (!IsActive || Kind.FollowsBooking()) return Nothing;
        var host = Host;
        if (host is not null && (host.Present || now - host.LastSeenAt < (long)grace.TotalMilliseconds)) return Nothing;
        var successor = EarliestPresentExcept(HostId);
        return successor is null ? Nothing : [new HostChanged(successor.Id, HostId, "host_absent")];
    }

    /// <summary>
    /// The host's absence as guests see it: since when the host's connections are all closed, and when
    /// <see cref="MigrateHostIfDue"/> hands the role on if they are not back (null for kinds whose host
    /// stays the host, a coaching room's coach). Null while the host is present, has left, or there is none.
    /// </summary>
    public HostAbsence? HostAbsence(TimeSpan grace) =>
        !IsActive || Host is not { Present: false, Left: false } host ? null
            : new HostAbsence(host.LastSeenAt, Kind.FollowsBooking() ? null : host.LastSeenAt + (long)grace.TotalMilliseconds);

    public IReadOnlyList<SessionEvent> Kick(string actorId, string targetId)
    {
        Require(actorId, Role.Host);
        EnsureNotCoaching("removing someone");
        var target = RequireTarget(actorId, targetId);
        return target.Kicked ? Nothing : [new ParticipantKicked(targetId)];
    }

    /// <summary>Lifts a kick's ban; only the host can, as only the host can kick.</summary>
    public IReadOnlyList<SessionEvent> Unban(string actorId, string targetId)
    {
        Require(actorId, Role.Host);
        EnsureNotCoaching("letting someone back in");
        var target = RequireTarget(actorId, targetId);
        return target.Kicked ? [new ParticipantUnbanned(targetId)] : Nothing;
    }

    /// <summary>The host's list of bans, also once the session has ended (the host panel stays on screen).</summary>
    public IReadOnlyList<Participant> ListBans(string actorId)
    {
        if (RequireMember(actorId).Role < Role.Host) throw Errors.NotAllowed("Only the host can do this.");
        return Bans.ToList();
    }

    public IReadOnlyList<SessionEvent> SetRole(string actorId, string targetId, Role role)
    {
        Require(actorId, Role.Host);
        EnsureNotCoaching("changing roles");
        var target = RequireTarget(actorId, targetId);
        if (role == Role.Host) throw Errors.InvalidInput("Use TransferHost to make someone the host.");
        if (target.Kicked) throw Errors.ParticipantNotFound();
        return target.Role == role ? Nothing : [new RoleChanged(targetId, role)];
    }

    public IReadOnlyList<SessionEvent> TransferHost(string actorId, string targetId)
    {
        Require(actorId, Role.Host);
        EnsureNotCoaching("handing the host role over");
        var target = RequireTarget(actorId, targetId);
        if (target.Kicked) throw Errors.ParticipantNotFound();
        if (!target.Present)
            throw Errors.Conflict(ErrorCodes.ParticipantAbsent, "The host role can only go to someone who is here.");
        return [new HostChanged(targetId, actorId, "transferred")];
    }

    public IReadOnlyList<SessionEvent> UpdateSettings(string actorId, SettingsPatch patch)
    {
        Require(actorId, Role.Host);
        var next = Settings.With(patch, _limits);
        return next == Settings ? Nothing : [new SettingsChanged(next)];
    }

    /// <summary>The host may end a session over REST without being connected, so presence is not required.</summary>
    /// <summary>Any participant keeps an idle session open; nothing to do if something happened in the last second.</summary>
    public IReadOnlyList<SessionEvent> KeepAlive(string actorId, long now)
    {
        Require(actorId, Role.Member);
        return now - LastActivityAt < 1_000 ? Nothing : [new SessionKeptAlive(actorId)];
    }

    public IReadOnlyList<SessionEvent> End(string? actorId, string reason, long now)
    {
        if (actorId is not null)
        {
            Require(actorId, Role.Host, mustBePresent: false);
            EnsureNotCoaching("ending the room by hand");
        }

        return IsActive ? [new SessionEnded(reason, now)] : Nothing;
    }

    public IReadOnlyList<SessionEvent> AddToQueue(string actorId, SongRef song, string itemId, long now)
    {
        var actor = Require(actorId, Role.Member);
        EnsureQueueKind();
        if (Settings.LockAdding && actor.Role < Role.Moderator)
            throw Errors.Conflict(ErrorCodes.AddingLocked, "The host has locked the queue: only the host and moderators can add songs.");
        if (Queue.Any(i => i.Song.CatalogId == song.CatalogId) || NowPlaying?.Item.Song.CatalogId == song.CatalogId)
            throw Errors.Conflict(ErrorCodes.DuplicateSong, "This song is already queued or playing.");
        if (Queue.Count >= Settings.MaxQueueSize)
            throw Errors.Conflict(ErrorCodes.QueueFull, $"The queue is full ({Settings.MaxQueueSize} songs).");
        EnsureFairShare(actor.Id, now);
        return [new ItemAdded(itemId, song.CatalogId, song.Title, song.Artist, song.Genre, song.DurationSeconds, actor.Id, actor.Name, now)];
    }

    public IReadOnlyList<SessionEvent> Vote(string actorId, string itemId, int value)
    {
        Require(actorId, Role.Member);
        EnsureQueueKind();
        if (!Settings.AllowVoting) throw Errors.Conflict(ErrorCodes.VotingDisabled, "The host has turned voting off.");
        if (value is < -1 or > 1) throw Errors.Invalid(ErrorCodes.InvalidVote, "A vote is 1, -1 or 0 (clear).");
        var item = FindItem(itemId) ?? throw Errors.ItemNotFound();
        return item.VoteOf(actorId) == value ? Nothing : [new VoteCast(itemId, actorId, value)];
    }

    /// <summary>A moderator puts a queued item first after the pinned ones (a pinned item already stays first).</summary>
    public IReadOnlyList<SessionEvent> MoveToTop(string actorId, string itemId)
    {
        Require(actorId, Role.Moderator);
        EnsureQueueKind();
        var item = FindItem(itemId) ?? throw Errors.ItemNotFound();
        return item.Pinned || Queue.FirstOrDefault(i => !i.Pinned) == item ? Nothing : [new ItemMovedToTop(itemId)];
    }

    /// <summary>A moderator pins (true) or unpins (false) a queued item; pinned items stay first.</summary>
    public IReadOnlyList<SessionEvent> PinItem(string actorId, string itemId, bool pinned)
    {
        Require(actorId, Role.Moderator);
        EnsureQueueKind();
        var item = FindItem(itemId) ?? throw Errors.ItemNotFound();
        return item.Pinned == pinned ? Nothing : [new ItemPinned(itemId, pinned)];
    }

    public IReadOnlyList<SessionEvent> RemoveFromQueue(string actorId, string itemId)
    {
        var actor = Require(actorId, Role.Member);
        EnsureQueueKind();
        var item = FindItem(itemId) ?? throw Errors.ItemNotFound();
        if (item.AddedById != actor.Id && actor.Role < Role.Moderator)
            throw Errors.NotAllowed("Only the person who added it, a moderator or the host can remove this item.");
        return [new ItemRemoved(itemId)];
    }

    public IReadOnlyList<SessionEvent> PlayNext(string actorId, long now)
    {
        Require(actorId, Role.Moderator);
        EnsureQueueKind();
        if (Queue.Count == 0 && NowPlaying is null)
            throw Errors.Conflict(ErrorCodes.QueueEmpty, "There is nothing in the queue to play.");

        // Two people pressing "next" together both meant the song that was playing: the second press,
        // from someone else within the window, is already done. One person pressing twice skips twice.
        if (_jam?.LastNext is { } last && last.ById != actorId && now - last.At < DoubleNextWindowMs) return Nothing;
        return [Advance(now, "next", actorId)];
    }

    public IReadOnlyList<SessionEvent> UpdatePlayback(string actorId, bool isPlaying, double positionSeconds, long now)
    {
        if (Kind.HasDeck()) return UpdateWatchPlayback(actorId, isPlaying, positionSeconds, now);
        Require(actorId, Role.Moderator);
        EnsureQueueKind();
        var current = NowPlaying ?? throw Errors.Conflict(ErrorCodes.NothingPlaying, "Nothing is playing.");
        var duration = current.Item.Song.DurationSeconds;
        if (double.IsNaN(positionSeconds) || positionSeconds < 0 || (duration > 0 && positionSeconds > duration))
            throw Errors.InvalidInput($"positionSeconds must be between 0 and {duration}.");
        return [new PlaybackChanged(isPlaying, positionSeconds, now)];
    }

    /// <summary>A present participant's vote to skip; reaching the threshold plays the next item.</summary>
    public IReadOnlyList<SessionEvent> VoteSkip(string actorId, long now)
    {
        Require(actorId, Role.Member);
        EnsureQueueKind();
        if (NowPlaying is null) throw Errors.Conflict(ErrorCodes.NothingPlaying, "Nothing is playing.");
        if (_jam!.HasSkipVoted(actorId)) return Nothing;
        var (votes, needed) = SkipTally();
        List<SessionEvent> events = [new SkipVoteCast(actorId)];
        if (votes + 1 >= needed) events.Add(Advance(now, "skipped"));
        return events;
    }

    /// <summary>
    /// With autoPlay, advances when the current song's duration has elapsed on the server clock. With
    /// autoDj and an empty queue, Huddle picks the next song itself (<see cref="Recommender.PickForAutoDj"/>)
    /// while someone is there to hear it. The events carry the pick, so replaying the log never asks the
    /// recommender again; the item id comes from the version, so the same log always gives the same ids.
    /// </summary>
    public IReadOnlyList<SessionEvent> AutoAdvanceIfDue(long now, SongCatalog? catalog = null)
    {
        if (!IsActive || !Settings.AutoPlay || NowPlaying is not { } current || !current.Playback.IsPlaying) return Nothing;
        var duration = current.Item.Song.DurationSeconds;
        if (duration <= 0 || current.Playback.PositionAt(now) < duration) return Nothing;
        if (Queue.Count == 0 && Settings.AutoDj && catalog is not null && PresentCount > 0
            && Recommender.PickForAutoDj(this, catalog) is { } song)
        {
            var itemId = $"q_dj{Version + 1}";
            return
            [
                new ItemAdded(itemId, song.Id, song.Title, song.Artist, song.Genre, song.DurationSeconds, AutoDjId, AutoDjName, now),
                new NowPlayingChanged(itemId, now, "ended"),
            ];
        }

        return [Advance(now, "ended")];
    }

    /// <summary>When the current song will end, if it is playing with autoPlay on.</summary>
    public long? AutoAdvanceAt()
    {
        if (!IsActive || !Settings.AutoPlay || NowPlaying is not { } current || !current.Playback.IsPlaying) return null;
        var duration = current.Item.Song.DurationSeconds;
        if (duration <= 0) return null;
        return current.Playback.UpdatedAt + (long)Math.Ceiling((duration - current.Playback.PositionSeconds) * 1000);
    }

    /// <summary>A relay event may be sent by any present, non-kicked participant of an active session.</summary>
    public void EnsureCanRelay(string actorId) => Require(actorId, Role.Member);

    private NowPlayingChanged Advance(long now, string reason, string? byId = null) =>
        new(Queue.Count > 0 ? Queue[0].ItemId : null, now, reason, byId);

    /// <summary>The fairness settings: at most maxQueuedPerPerson of one person's songs waiting, and a cooldown between their adds.</summary>
    private void EnsureFairShare(string actorId, long now)
    {
        var limit = Settings.MaxQueuedPerPerson;
        if (limit > 0 && Queue.Count(i => i.AddedById == actorId) >= limit)
        {
            throw Errors.Conflict(
                ErrorCodes.QueueLimitReached,
                limit == 1
                    ? "You already have a song waiting in the queue; add another once it has played."
                    : $"You already have {limit} songs waiting in the queue; add another once one has played.");
        }

        if (Settings.AddCooldownSeconds <= 0 || _jam?.LastAddAt(actorId) is not { } last) return;
        var waitMs = last + Settings.AddCooldownSeconds * 1000L - now;
        if (waitMs <= 0) return;
        var seconds = Math.Max(1, (int)Math.Ceiling(waitMs / 1000.0));
        throw new HuddleException(ErrorCodes.AddCooldown, $"You can add another song in {seconds} s.", ErrorKind.RateLimited);
    }

    private Participant? EarliestPresentExcept(string? participantId) =>
        _participants
            .Where(p => p.Present && !p.Kicked && p.Id != participantId)
            .OrderBy(p => p.JoinedAt)
            .ThenBy(p => _participants.IndexOf(p))
            .FirstOrDefault();

    /// <summary>Only present participants act: someone who left or dropped cannot vote, skip or queue.</summary>
    private Participant Require(string actorId, Role minimum, bool mustBePresent = true)
    {
        EnsureActive();
        var actor = RequireMember(actorId);
        if (mustBePresent && !actor.Present) throw Errors.NotJoined();
        if (actor.Role < minimum)
        {
            throw Errors.NotAllowed(minimum == Role.Host
                ? "Only the host can do this."
                : "Only the host or a moderator can do this.");
        }

        return actor;
    }

    private Participant RequireMember(string actorId)
    {
        var actor = Find(actorId);
        if (actor is null || actor.Kicked) throw Errors.NotJoined();
        return actor;
    }

    /// <summary>
    /// Who a REST call acts as: the participant whose token it sent (<c>X-Participant-Token</c>), else
    /// <c>not_allowed</c> with <paramref name="hint"/>. What they may do is the command's own check.
    /// </summary>
    public Participant ActorByToken(string? participantToken, string hint) =>
        (string.IsNullOrEmpty(participantToken) ? null : FindByTokenHash(Secrets.HashToken(participantToken)))
        ?? throw Errors.NotAllowed(hint);

    private Participant RequireTarget(string actorId, string targetId)
    {
        var target = Find(targetId) ?? throw Errors.ParticipantNotFound();
        if (target.Id == actorId) throw Errors.InvalidInput("You cannot do this to yourself.");
        return target;
    }

    private void EnsureActive()
    {
        if (!IsActive) throw Errors.SessionEnded();
    }

    private void EnsureRoom()
    {
        if (PresentCount >= Settings.MaxParticipants)
            throw Errors.Conflict(ErrorCodes.SessionFull, $"This session is full ({Settings.MaxParticipants} people).");
    }

    private void EnsureQueueKind()
    {
        if (!Kind.HasQueue() || _jam is null) throw SessionKinds.NotSupported(Kind, "song queue");
    }
}
