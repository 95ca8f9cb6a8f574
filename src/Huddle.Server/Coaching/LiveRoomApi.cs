using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Coaching;
using Huddle.Server.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huddle.Server.Coaching;

/// <summary>
/// <c>GET /api/sessions/{id}/room</c>: a booking's live room for its parties — the code to join
/// with while the session is in progress, who is there, and the shared notes (also after the room
/// ended, for the completion form and the record).
/// </summary>
public static class LiveRoomApi
{
    public static IEndpointRouteBuilder MapLiveRooms(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sessions/{id:guid}/room", Get).WithTags("Coaching").RequireAuthorization(CoachingPolicies.Account)
            .ProducesProblem(401).ProducesProblem(404);
        return app;
    }

    private static async Task<Ok<LiveRoomDto>> Get(
        Guid id, HttpContext http, CoachingService coaching, SessionService sessions, MeetingLinks meetings, CancellationToken ct)
    {
        // Ownership first (a stranger learns nothing); reading the booking also opens its room if a
        // crash came between the start and the opening.
        var booking = await coaching.GetAsync(AccountService.Actor(http.User), id, ct);
        try
        {
            var room = await sessions.ReadAsync(id, s => s.CoachingRoom is { } r ? s.LiveRoomDto(r) : null, ct) ?? throw RoomNotFound();
            return TypedResults.Ok(booking.Status == CoachingStatus.InProgress ? room with { MeetingLink = await meetings.ForAsync(booking, ct) } : room);
        }
        catch (HuddleException e) when (e.Code == ErrorCodes.SessionNotFound)
        {
            throw RoomNotFound();
        }
    }

    private static HuddleException RoomNotFound() =>
        new(ErrorCodes.RoomNotFound, "This coaching session has no live room: it has not started, or its room ended and was deleted after the retention period.", ErrorKind.NotFound);
}
