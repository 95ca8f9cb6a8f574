using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Huddle.Core.Coaching;

public enum RescheduleResult
{
    Rescheduled,

    /// <summary>The same key and request were seen before: the stored session is the answer.</summary>
    Replayed,

    /// <summary>The same key came with a different request (or a booking).</summary>
    KeyReused,
    CoachBusy,
    ClientBusy,

    /// <summary>The session changed since it was read (another command won): decide again.</summary>
    Stale,
}

public sealed record RescheduleOutcome(RescheduleResult Result, CoachingSession? Session);

/// <summary>The scheduling side of the coaching store: moving a booking and the coach's own rules.</summary>
public interface ICoachingScheduleStore
{
    /// <summary>
    /// Moves the session (compare-and-set on Before's version while it is still scheduled) with its
    /// audit entry and the idempotency key if any, in one transaction. The database refuses a new
    /// slot that overlaps another slot-holding session of the coach or the client, so two requests
    /// for one slot, a booking and a reschedule included, take it exactly once; the old slot is free
    /// the moment the move commits.
    /// </summary>
    Task<RescheduleOutcome> RescheduleAsync(CoachingTransition transition, IdempotencyKey? key, CancellationToken ct);

    Task<CoachRules> RulesAsync(Guid coachId, CancellationToken ct);

    Task SaveRulesAsync(Guid coachId, CoachRules rules, DateTimeOffset at, CancellationToken ct);

    /// <summary>Scheduled and in-progress sessions whose booked end is at or before <paramref name="endedBy"/>, oldest first.</summary>
    Task<IReadOnlyList<CoachingSession>> OverdueAsync(DateTimeOffset endedBy, int max, CancellationToken ct);
}

/// <summary>
/// Reschedule and the coach's rules, beside <see cref="CoachingService"/> (which it uses for
/// visibility): decide with the pure session, commit through the store, then announce.
/// </summary>
public sealed class ReschedulingService(
    CoachingService coaching, ICoachingStore sessions, ICoachingScheduleStore store, IAccountStore accounts, ICoachingNotices notices, TimeProvider time,
    CoachingPolicy policy)
{
    private const int MaxAttempts = 5;

    public async Task<RescheduleQuote> QuoteAsync(CoachingActor actor, Guid id, CancellationToken ct)
    {
        var session = await coaching.GetAsync(actor, id, ct);
        return session.QuoteReschedule(actor, time.GetUtcNow(), policy, await store.RulesAsync(session.CoachId, ct));
    }

    public async Task<(CoachingSession Session, bool Replayed)> RescheduleAsync(
        CoachingActor actor, Guid id, string? scheduledAt, long? expectedFeeCents, string? idempotencyKey, CancellationToken ct)
    {
        CoachingService.EnsureIdempotencyKey(idempotencyKey);
        for (var attempt = 1; ; attempt++)
        {
            var session = await coaching.GetAsync(actor, id, ct);
            var coach = await accounts.FindCoachAsync(session.CoachId, ct) ?? throw CoachingErrors.CoachNotFound();
            var start = BookingRules.ParseScheduledAt(scheduledAt, coach.Availability.TimeZone);
            IdempotencyKey? key = idempotencyKey is null ? null : new(actor.AccountId, idempotencyKey, Hash(id, start));

            // A retry whose first attempt succeeded is answered before the rules are checked again
            // (the session is now at that time, so the same request would be same_time).
            if (key is not null && await sessions.FindIdempotentAsync(key.AccountId, key.Key, ct) is { } earlier)
                return Answer(new(earlier.RequestHash == key.RequestHash ? RescheduleResult.Replayed : RescheduleResult.KeyReused, earlier.Session), key);

            var now = time.GetUtcNow();
            var rules = await store.RulesAsync(session.CoachId, ct);
            var transition = session.Reschedule(actor, start, now, policy, rules, expectedFeeCents);
            var wanted = new TimeInterval(start, transition.After.EndsAt);
            BookingRules.EnsureBookable(coach.Availability, wanted, now, policy);
            // The length was agreed at booking: a move keeps it even if the coach offers other lengths now.
            CoachBookingRules.Ensure(rules with { Lengths = [] }, coach.Availability.TimeZone, wanted, now, await coaching.NearbyAsync(session.CoachId, wanted, session, ct));
            await coaching.EnsureFreeElsewhereAsync(session.CoachId, wanted, ct);

            var outcome = await store.RescheduleAsync(transition, key, ct);
            if (outcome.Result == RescheduleResult.Stale)
            {
                if (attempt == MaxAttempts) throw Errors.Busy();
                continue;
            }

            var (moved, replayed) = Answer(outcome, key);
            if (!replayed)
            {
                // The new slot is announced as booked; the old one, freed by the same commit, as an availability change.
                await notices.BookingChangedAsync(moved, ct);
                await notices.AvailabilityChangedAsync(moved.CoachId, ct);
            }

            return (moved, replayed);
        }
    }

    public Task<CoachRules> RulesAsync(Guid coachId, CancellationToken ct) => store.RulesAsync(coachId, ct);

    public async Task<CoachRules> SaveRulesAsync(Guid coachId, CoachRules rules, CancellationToken ct)
    {
        await store.SaveRulesAsync(coachId, CoachBookingRules.Validated(rules, policy), time.GetUtcNow(), ct);
        // The limits change which slots are offered: watchers refetch.
        await notices.AvailabilityChangedAsync(coachId, ct);
        return await store.RulesAsync(coachId, ct);
    }

    private static (CoachingSession, bool) Answer(RescheduleOutcome outcome, IdempotencyKey? key) => outcome.Result switch
    {
        RescheduleResult.Rescheduled => (outcome.Session!, false),
        RescheduleResult.Replayed => (outcome.Session!, true),
        RescheduleResult.KeyReused => throw CoachingService.KeyReused(key),
        RescheduleResult.CoachBusy => throw CoachingErrors.SlotTaken("coach"),
        RescheduleResult.ClientBusy => throw CoachingErrors.SlotTaken("client"),
        RescheduleResult.Stale => throw Errors.Busy(),
    };

    // "reschedule" keeps a key used for a booking from ever matching a reschedule's hash.
    private static string Hash(Guid id, DateTimeOffset start) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', "reschedule", id.ToString("N"), start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)))));
}
