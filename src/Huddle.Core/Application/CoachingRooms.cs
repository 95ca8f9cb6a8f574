using Huddle.Core.Coaching;
using Huddle.Core.Sessions;

namespace Huddle.Core.Application;

/// <summary>
/// Opens and ends coaching rooms (<see cref="SessionKind.Coaching"/>) for bookings. A room has the
/// booking's id, so opening is idempotent by the store's primary key: two starts that race, two
/// nodes, or a retry after a crash between the start and the opening all find one room.
/// </summary>
public sealed class CoachingRooms(SessionService sessions, IAccountStore accounts) : ICoachingRooms
{
    public async Task<CoachingSession> FollowAsync(CoachingSession session, CancellationToken ct)
    {
        switch (session.Status)
        {
            case CoachingStatus.InProgress:
                return await WithRoomAsync(session, ct);
            case CoachingStatus.Completed:
                await EndAsync(session.Id, ct);
                return session with { RoomCode = null };
            case CoachingStatus.Scheduled:
            case CoachingStatus.Cancelled:
            case CoachingStatus.NoShow:
            case CoachingStatus.Missed:
                return session;
        }

        return session;
    }

    public async Task<CoachingSession> WithRoomAsync(CoachingSession session, CancellationToken ct)
    {
        if (session.Status != CoachingStatus.InProgress) return session;
        var coachName = (await accounts.FindAsync(session.CoachId, ct))?.Name ?? "Coach";
        var code = await sessions.OpenAsync(
            session.Id,
            SessionKind.Coaching,
            session.Title,
            (code, now) => Session.OpenCoachingRoom(
                session.Id, code, session.Title, session.CoachId, coachName, session.ClientId, session.EndsAt.ToUnixTimeMilliseconds(),
                SessionSettings.Defaults(sessions.Limits, SessionKind.Coaching), sessions.Limits, now),
            s => s.IsActive ? s.Code : null,
            ct);
        return session with { RoomCode = code };
    }

    private async Task EndAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await sessions.MutateAsync(id, (s, now) => s.End(null, "completed", now), ct);
        }
        catch (HuddleException e) when (e.Code == ErrorCodes.SessionNotFound)
        {
            // No room to end: it was never opened, or it ended long ago and was purged.
        }
    }
}
