using System.Globalization;

namespace Huddle.Core.Sessions;

/// <summary>
/// The coaching kind's room (SPEC §3.4: "a coaching session in progress is also a live room").
/// The booking opens it at start and ends it at completion, so the host-only powers that would
/// fight the booking (end, kick, transfer host, grant roles) are refused and the coach stays the
/// host. Everyone in it is an account; a participant token or a leaked code does not get in.
/// </summary>
public sealed partial class Session
{
    /// <summary>Stored as the token hash of account participants: no SHA-256 hex string equals it, so no token matches.</summary>
    private const string AccountTokenHash = "account";

    private CoachingRoom? _coachingRoom;

    /// <summary>The booking and shared notes of a coaching room; null in other kinds.</summary>
    public CoachingRoom? CoachingRoom => _coachingRoom;

    /// <summary>An account's participant id in a coaching room: the same on every join, every node and after a restart.</summary>
    public static string AccountParticipantId(Guid accountId) => $"a_{accountId:N}";

    /// <summary>The events that open the room of a started coaching session, the coach as its host.</summary>
    public static IReadOnlyList<SessionEvent> OpenCoachingRoom(
        Guid coachingSessionId, string code, string title, Guid coachId, string coachName, Guid clientId, long endsAt,
        SessionSettings settings, HuddleLimits limits, long now) =>
    [
        .. Create(coachingSessionId, code, SessionKind.Coaching, title, settings, AccountParticipantId(coachId), RoomName(coachName, limits),
            AccountTokenHash, now),
        new CoachingRoomOpened(coachingSessionId, coachId, clientId, endsAt),
    ];

    /// <summary>
    /// Joins a coaching room as an account: its coach, its client or an admin. The same account is
    /// always the same participant (its id comes from the account), so there is no token to keep.
    /// </summary>
    public IReadOnlyList<SessionEvent> JoinAccount(RoomAccount? account, long now, out string participantId)
    {
        EnsureActive();
        var room = RequireCoachingRoom();
        if (account is null)
            throw Errors.NotAllowed("A coaching room is for its coach and client: sign in with your account to join.");
        if (!room.Admits(account))
            throw Errors.NotAllowed("Only the coach and the client of this coaching session (or an admin) can join its room.");
        participantId = AccountParticipantId(account.AccountId);
        var existing = Find(participantId);
        if (existing is not null)
        {
            if (!existing.Present) EnsureRoom();

            // Committed even when already present, like every join (see Join).
            return [new PresenceChanged(existing.Id, true, now)];
        }

        EnsureRoom();
        return
        [
            new ParticipantJoined(participantId, RoomName(account.Name, _limits), AccountTokenHash, now),
            new PresenceChanged(participantId, true, now),
        ];
    }

    /// <summary>
    /// Replaces the shared notes with <paramref name="text"/> (the whole text: last writer wins).
    /// The coach and the client write them; an admin in the room only reads.
    /// </summary>
    public IReadOnlyList<SessionEvent> UpdateNotes(string actorId, string? text, long now)
    {
        var actor = Require(actorId, Role.Member);
        var room = RequireCoachingRoom();
        if (!room.IsParty(actor.Id)) throw Errors.NotAllowed("Only the coach and the client write the shared notes.");
        var valid = NotesText(text);
        return valid == room.Notes ? Nothing : [new NotesUpdated(valid, actor.Id, now)];
    }

    /// <summary>
    /// Notes may be empty and are not trimmed (a trailing space is what someone is typing); line
    /// breaks and tabs are allowed, other control characters and unpaired surrogates are not.
    /// </summary>
    public string NotesText(string? text) =>
        text is null
            ? throw Errors.Invalid(ErrorCodes.InvalidNotes, "text is required (an empty string clears the notes).")
            : Validate.Text(text, "The notes", ErrorCodes.InvalidNotes, _limits.NotesMaxLength, required: false, _limits.Text, TextShape.Document)!;

    /// <summary>
    /// Since when the session counts as idle for the inactivity sweep: a coaching room is not
    /// idle before its booked time is over, even if nobody has joined yet.
    /// </summary>
    public long IdleSince => _coachingRoom is { } room ? Math.Max(LastActivityAt, room.EndsAt) : LastActivityAt;

    private void EnsureNotCoaching(string what)
    {
        if (Kind.FollowsBooking())
            throw NotSupported($"A coaching room follows its booking: {what} is not possible here (it ends when the session is completed).");
    }

    private CoachingRoom RequireCoachingRoom() =>
        Kind.FollowsBooking() && _coachingRoom is { } room ? room : throw SessionKinds.NotSupported(Kind, "shared notes");

    private void ApplyCoachingRoom(CoachingRoomEvent e)
    {
        if (e is CoachingRoomOpened opened) _coachingRoom = new CoachingRoom(opened);
        (_coachingRoom ?? throw new InvalidOperationException("A coaching room event before the room was opened.")).Apply(e);
    }

    /// <summary>An account's name as a participant name: trimmed, control characters dropped, cut to the name limit.</summary>
    private static string RoomName(string name, HuddleLimits limits)
    {
        var clean = new string(name.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray());
        clean = Validate.WithoutInvisible(clean).Trim();
        var info = new StringInfo(clean);
        if (info.LengthInTextElements > limits.NameMaxLength) clean = info.SubstringByTextElements(0, limits.NameMaxLength).TrimEnd();
        return clean.Length == 0 ? "Guest" : clean;
    }
}
