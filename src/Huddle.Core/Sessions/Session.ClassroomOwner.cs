namespace Huddle.Core.Sessions;

/// <summary>
/// The owner of an account-owned classroom came back ("reopen" from My rooms): their participant
/// gets a new token (the old one stops working), so the host's token can be handed again to the
/// one person who proved the account, on any device, without it ever being stored in the clear.
/// </summary>
public sealed record OwnerTokenReissued(string ParticipantId, string TokenHash, long At) : SessionEvent;

/// <summary>Teachers who own their rooms (issue 20): reopening an account-owned classroom as its host.</summary>
public sealed partial class Session
{
    /// <summary>
    /// The participant who created an account-owned classroom (the first commit's host joins first), or null
    /// for a name-only room and other kinds.
    /// </summary>
    public string? OwnerParticipantId => _classroom?.OwnerAccountId is null || _participants.Count == 0 ? null : _participants[0].Id;

    /// <summary>
    /// The owning account takes its room back: a new token for the creator's participant, the ban lifted if
    /// a later host kicked them, and the host role if someone else holds it. Anyone else: <c>not_room_owner</c>,
    /// nothing changes. An ended room stays ended (<c>session_ended</c>).
    /// </summary>
    public IReadOnlyList<SessionEvent> ReopenAsOwner(Guid accountId, string newTokenHash, long now, out string participantId)
    {
        var classroom = RequireClassroom();
        if (classroom.OwnerAccountId is not { } owner || owner != accountId)
            throw Errors.NotAllowed("Only the account that created this Q&A can reopen it.").WithCode(ErrorCodes.NotRoomOwner);
        EnsureActive();
        var participant = Get(OwnerParticipantId!);
        participantId = participant.Id;
        List<SessionEvent> events = [new OwnerTokenReissued(participant.Id, newTokenHash, now)];
        if (participant.Kicked) events.Add(new ParticipantUnbanned(participant.Id));
        if (HostId != participant.Id) events.Add(new HostChanged(participant.Id, HostId, "owner_reopened"));
        return events;
    }
}
