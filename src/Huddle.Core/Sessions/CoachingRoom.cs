namespace Huddle.Core.Sessions;

// Events of a coaching room: the live room of a booked coaching session while it is in progress
// (SPEC §3.4). Its participants are accounts, not anonymous names: the coach (host), the client,
// and admins, each with the participant id AccountParticipantId(account).

/// <summary>A coaching room's events; <see cref="Session.Apply(Commit)"/> hands them to the room.</summary>
public abstract record CoachingRoomEvent : SessionEvent;

/// <summary>In the room's first commit: which booking it belongs to, its two parties, and when the booking ends.</summary>
public sealed record CoachingRoomOpened(Guid CoachingSessionId, Guid CoachId, Guid ClientId, long EndsAt) : CoachingRoomEvent;

/// <summary>The whole text of the shared notes after an edit (last writer wins).</summary>
public sealed record NotesUpdated(string Text, string ById, long At) : CoachingRoomEvent;

/// <summary>Who joins a coaching room: an account the server has authenticated, with its roles read fresh.</summary>
public sealed record RoomAccount(Guid AccountId, string Name, bool IsAdmin);

/// <summary>A coaching room's state: the booking it belongs to and the shared notes.</summary>
public sealed class CoachingRoom
{
    internal CoachingRoom(CoachingRoomOpened opened)
    {
        CoachingSessionId = opened.CoachingSessionId;
        CoachId = opened.CoachId;
        ClientId = opened.ClientId;
        EndsAt = opened.EndsAt;
    }

    public Guid CoachingSessionId { get; }

    public Guid CoachId { get; }

    public Guid ClientId { get; }

    /// <summary>When the booked time ends (Unix ms): the room is not ended as inactive before then.</summary>
    public long EndsAt { get; }

    public string Notes { get; private set; } = "";

    public string? NotesUpdatedBy { get; private set; }

    public long? NotesUpdatedAt { get; private set; }

    /// <summary>The coach and the client; admins may join to help, but only the two parties write the notes.</summary>
    public bool IsParty(string participantId) =>
        participantId == Session.AccountParticipantId(CoachId) || participantId == Session.AccountParticipantId(ClientId);

    public bool Admits(RoomAccount account) => account.IsAdmin || account.AccountId == CoachId || account.AccountId == ClientId;

    internal void Apply(CoachingRoomEvent e)
    {
        switch (e)
        {
            case CoachingRoomOpened:
                break; // the constructor read it
            case NotesUpdated n:
                Notes = n.Text;
                NotesUpdatedBy = n.ById;
                NotesUpdatedAt = n.At;
                break;
            default:
                throw new InvalidOperationException($"Unknown coaching room event {e.GetType().Name}.");
        }
    }
}
