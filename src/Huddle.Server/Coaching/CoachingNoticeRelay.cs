using Huddle.Core;
using Huddle.Core.Coaching;
using Huddle.Server.Realtime;
using Huddle.Storage.Coaching;

namespace Huddle.Server.Coaching;

/// <summary>
/// Coaching notices on any number of nodes: this node's hub clients hear a change at once, and the
/// relay tells the other nodes (NOTIFY on PostgreSQL; nobody to tell on a single SQLite node).
/// </summary>
public sealed class RelayedCoachingNotices(HubCoachingNotices local, ICoachingRelay relay) : ICoachingNotices
{
    public async Task BookingChangedAsync(CoachingSession session, CancellationToken ct)
    {
        await local.BookingChangedAsync(session, ct);
        await relay.SendAsync(new CoachingNotice(CoachingChange.Booking, session.Id), ct);
    }

    public async Task AvailabilityChangedAsync(Guid coachId, CancellationToken ct)
    {
        await local.AvailabilityChangedAsync(coachId, ct);
        await relay.SendAsync(new CoachingNotice(CoachingChange.Availability, coachId), ct);
    }
}

/// <summary>
/// Replays other nodes' coaching notices to this node's hub clients. They arrive through the relay
/// from the node's one LISTEN connection, which also reconnects it; on SQLite none arrive.
/// </summary>
public sealed partial class CoachingNoticeListener(
    ICoachingRelay relay, ICoachingStore store, HubCoachingNotices local, ILogger<CoachingNoticeListener> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notice in relay.ReceiveAllAsync(stoppingToken))
            {
                try
                {
                    if (notice.Change == CoachingChange.Availability) await local.AvailabilityChangedAsync(notice.Id, stoppingToken);
                    else if (await store.GetAsync(notice.Id, stoppingToken) is { } session) await local.BookingChangedAsync(session, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogDispatchFailed(e, notice.Change, notice.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = Log.CoachingNoticeNotRelayed, Level = LogLevel.Warning, Message = "Could not relay coaching notice {Change} {Id}")]
    private partial void LogDispatchFailed(Exception exception, CoachingChange change, Guid id);
}
