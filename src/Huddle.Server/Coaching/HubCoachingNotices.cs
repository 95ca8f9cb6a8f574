using Huddle.Core.Coaching;
using Huddle.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

/// <summary>
/// Sends committed coaching changes to this node's hub clients: <c>bookingChanged</c> to both
/// parties' account groups, <c>availabilityChanged</c> to whoever watches the coach or the
/// directory. <see cref="RelayedCoachingNotices"/> and <see cref="CoachingNoticeListener"/> call
/// this on every node (through NOTIFY on PostgreSQL), so each node tells its own clients.
/// </summary>
public sealed class HubCoachingNotices(
    IHubContext<SessionHub, ISessionClient> hub, IAccountStore accounts, IOptions<CoachingOptions> options, TimeProvider time,
    ICoachingRooms? rooms = null) : ICoachingNotices
{
    public async Task BookingChangedAsync(CoachingSession session, CancellationToken ct)
    {
        // A notice from another node comes with the booking as stored, without its room's code.
        if (session.RoomCode is null && rooms is not null) session = await rooms.WithRoomAsync(session, ct);
        var dto = await session.ToDtoAsync(accounts, options.Value.Currency, CancellationToken.None);
        await hub.Clients.Groups(CoachingGroups.Account(session.CoachId), CoachingGroups.Account(session.ClientId))
            .bookingChanged(new BookingChangedEvent(session.Version, dto));
        var change = session.Status switch
        {
            CoachingStatus.Scheduled => "booked",
            CoachingStatus.Cancelled or CoachingStatus.NoShow or CoachingStatus.Missed => "freed",
            CoachingStatus.InProgress or CoachingStatus.Completed => null,
        };
        if (change is not null)
            await hub.Clients.Groups(CoachingGroups.CoachWatchers(session.CoachId), CoachingGroups.Directory).availabilityChanged(
                new AvailabilityChangedEvent(session.CoachId, change, session.ScheduledAt, session.EndsAt, time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    public Task AvailabilityChangedAsync(Guid coachId, CancellationToken ct) =>
        hub.Clients.Groups(CoachingGroups.CoachWatchers(coachId), CoachingGroups.Directory).availabilityChanged(
            new AvailabilityChangedEvent(coachId, "updated", null, null, time.GetUtcNow().ToUnixTimeMilliseconds()));
}

/// <summary>An authenticated hub connection joins its account's group, for <c>bookingChanged</c>.</summary>
public sealed class CoachingConnectionFilter : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (context.Context.User?.Identity?.IsAuthenticated == true
            && Guid.TryParse(context.Context.User.FindFirst("sub")?.Value, out var accountId))
            await context.Hub.Groups.AddToGroupAsync(context.Context.ConnectionId, CoachingGroups.Account(accountId));
        await next(context);
    }
}
