namespace Huddle.Core.Coaching;

/// <summary>
/// Sessions that did not happen as booked. The coach (or an admin) marks a <b>no-show</b> when the
/// client did not come, from the start + <see cref="CoachingPolicy.NoShowGrace"/>; the overdue sweep
/// closes what nobody closed: <b>missed</b> for a session never started, <b>completed</b> for one left in
/// progress, each at its booked end + <see cref="CoachingPolicy.OverdueGrace"/>.
/// </summary>
public sealed partial record CoachingSession
{
    /// <summary>The sweeper's identity in the audit log.</summary>
    public static readonly CoachingActor SystemActor = new(Guid.Empty, false);

    /// <summary>The fee charged to the client when the coach marked them a no-show (0: none).</summary>
    public long NoShowFeeCents { get; init; }

    public CoachingTransition MarkNoShow(CoachingActor actor, DateTimeOffset now, CoachingPolicy policy)
    {
        var party = PartyOf(actor);
        if (party == CoachingParty.Client) throw Errors.NotAllowed("Only the coach marks that the client did not come.");
        switch (Status)
        {
            case CoachingStatus.Scheduled:
            {
                var from = ScheduledAt + policy.NoShowGrace;
                if (now < from)
                    throw Errors.Conflict(ErrorCodes.TooEarly,
                        $"A no-show can be marked from {from:yyyy-MM-dd'T'HH:mm:ss'Z'} ({policy.NoShowGrace.TotalMinutes:0} minutes after the start): the client may still come.");
                break;
            }

            // The sweeper marked it missed; the coach says why: the client did not come.
            case CoachingStatus.Missed:
                break;
            case CoachingStatus.InProgress:
            case CoachingStatus.Completed:
            case CoachingStatus.Cancelled:
            case CoachingStatus.NoShow:
                throw CoachingErrors.InvalidTransition(Status, "be marked a no-show");
        }

        // The client did not come: the no-show fee is charged once, with the mark (a missed session, which
        // nobody explained, and a session already marked never charge it again).
        var fee = policy.NoShowFeeCents;
        var after = this with { Status = CoachingStatus.NoShow, MissedAt = now, NoShowFeeCents = fee };
        return new(this, after, Audit(actor, party, now, after.Status, "no_show",
            fee > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no-show fee {fee}") : null));
    }

    /// <summary>The sweeper's decision: null while the session is not overdue (or not open any more).</summary>
    public CoachingTransition? CloseOverdue(DateTimeOffset now, CoachingPolicy policy)
    {
        if (now < EndsAt + policy.OverdueGrace) return null;
        switch (Status)
        {
            case CoachingStatus.Scheduled:
            {
                var after = this with { Status = CoachingStatus.Missed, MissedAt = now };
                return new(this, after, Audit(SystemActor, CoachingParty.System, now, after.Status, "missed", "never started"));
            }

            case CoachingStatus.InProgress:
            {
                // Completed awaiting notes: the coach and the client can still add their parts ("record").
                var after = this with { Status = CoachingStatus.Completed, CompletedAt = now };
                return new(this, after, Audit(SystemActor, CoachingParty.System, now, after.Status, "auto_complete", "ran past its end"));
            }

            case CoachingStatus.Completed:
            case CoachingStatus.Cancelled:
            case CoachingStatus.NoShow:
            case CoachingStatus.Missed:
                return null;
        }

        return null;
    }
}

/// <summary>
/// The overdue sweep: every node runs it; each close is a compare-and-set on the session's version,
/// so of several nodes (or a coach acting at the same moment) one wins and the others skip it.
/// </summary>
public sealed class CoachingOverdue(
    ICoachingStore store, ICoachingScheduleStore schedule, ICoachingNotices notices, TimeProvider time, CoachingPolicy policy,
    ICoachingRooms? rooms = null)
{
    public const int BatchSize = 200;

    public async Task<(int Completed, int Missed)> SweepAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (completed, missed) = (0, 0);
        foreach (var session in await schedule.OverdueAsync(now - policy.OverdueGrace, BatchSize, ct))
        {
            if (session.CloseOverdue(now, policy) is not { } transition || !await store.TransitionAsync(transition, ct)) continue;
            var after = transition.After with { Version = session.Version + 1 };
            if (rooms is not null) after = await rooms.FollowAsync(after, ct);
            await notices.BookingChangedAsync(after, ct);
            if (after.Status == CoachingStatus.Completed) completed++;
            else missed++;
        }

        return (completed, missed);
    }
}
