using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Huddle.Core.Sessions;

namespace Huddle.Core.Coaching;

public sealed record BookingRequest(string? Title, string? Description, string? ScheduledAt, int DurationMinutes, Guid CoachId);

/// <summary>
/// The coaching application service, behind both REST and the hub: decide with the pure
/// <see cref="CoachingSession"/>, commit through the store (which enforces overlaps and
/// compare-and-set), then notify watchers. Time comes from the injected clock only.
/// </summary>
public sealed class CoachingService(
    ICoachingStore store, IAccountStore accounts, ICoachingNotices notices, TimeProvider time, CoachingPolicy policy,
    ICoachingRooms? rooms = null, ICoachingScheduleStore? schedule = null, IExternalBusyTimes? elsewhere = null)
{
    private const int MaxAttempts = 5;

    public CoachingPolicy Policy => policy;

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<(CoachingSession Session, bool Replayed)> BookAsync(
        CoachingActor actor, BookingRequest request, string? idempotencyKey, CancellationToken ct)
    {
        var (title, description) = BookingTexts(request, policy);
        BookingRules.EnsureDuration(request.DurationMinutes);
        EnsureIdempotencyKey(idempotencyKey);

        var coach = await accounts.FindCoachAsync(request.CoachId, ct) ?? throw CoachingErrors.CoachNotFound();
        if (coach.Id == actor.AccountId) throw Errors.Invalid(ErrorCodes.CannotBookSelf, "A coach cannot book a session with themselves.");
        var start = BookingRules.ParseScheduledAt(request.ScheduledAt, coach.Availability.TimeZone);
        var wanted = new TimeInterval(start, start.AddMinutes(request.DurationMinutes));
        var now = time.GetUtcNow();

        IdempotencyKey? key = idempotencyKey is null ? null : new(actor.AccountId, idempotencyKey, Hash(title, description, start, request));
        var session = new CoachingSession
        {
            Id = Guid.NewGuid(), Title = title, Description = description, ScheduledAt = start,
            DurationMinutes = request.DurationMinutes, CoachId = coach.Id, ClientId = actor.AccountId, CreatedAt = now,
        };
        // A retry whose first attempt succeeded is answered before the rules are checked again
        // (the slot is now taken by that very booking, or its time may have passed).
        if (key is not null && await store.FindIdempotentAsync(key.AccountId, key.Key, ct) is { } earlier)
            return Answer(new(earlier.RequestHash == key.RequestHash ? BookingResult.Replayed : BookingResult.KeyReused, earlier.Session), key);
        BookingRules.EnsureBookable(coach.Availability, wanted, now, policy);
        CoachBookingRules.Ensure(await RulesAsync(coach.Id, ct), coach.Availability.TimeZone, wanted, now, await NearbyAsync(coach.Id, wanted, null, ct));
        await EnsureFreeElsewhereAsync(coach.Id, wanted, ct);

        var outcome = await store.BookAsync(session, Audit(session, actor, now), key, ct);
        var (booked, replayed) = Answer(outcome, key);
        if (!replayed) await notices.BookingChangedAsync(booked, ct);

        return (booked, replayed);
    }

    public async Task<CoachingSession> GetAsync(CoachingActor actor, Guid id, CancellationToken ct)
    {
        var session = await store.GetAsync(id, ct);
        if (session is null || !session.IsVisibleTo(actor)) throw CoachingErrors.SessionNotFound();
        return rooms is null ? session : await rooms.WithRoomAsync(session, ct);
    }

    public async Task<IReadOnlyList<CoachingSession>> MineAsync(CoachingActor actor, CancellationToken ct)
    {
        var mine = await store.ListAsync(actor.AccountId, ct);
        if (rooms is null) return mine;
        var result = new List<CoachingSession>(mine.Count);
        foreach (var s in mine) result.Add(await rooms.WithRoomAsync(s, ct));
        return result;
    }

    /// <summary>Every session, newest first (the admin's listing; the route's policy admits admins only).</summary>
    public Task<IReadOnlyList<CoachingSession>> AllAsync(CancellationToken ct) => store.ListAsync(null, ct);

    /// <summary>The longest period one fee export covers: a year (a leap year's included), so one answer stays bounded.</summary>
    public static readonly TimeSpan FeeExportMaxSpan = TimeSpan.FromDays(366);

    /// <summary>The sessions that charged a fee, for billing: those starting in [from, to), at most a year of them.</summary>
    public Task<IReadOnlyList<CoachingSession>> ChargedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (to <= from) throw Errors.InvalidInput("to must be after from.");
        if (to - from > FeeExportMaxSpan) throw Errors.InvalidInput("One export covers at most 366 days: ask for a shorter period.");
        return store.ChargedAsync(from, to, ct);
    }

    /// <summary>The coach directory: each coach with their next free slot of this length in the next two weeks (null: none).</summary>
    public async Task<IReadOnlyList<(CoachProfile Coach, TimeInterval? NextFree)>> DirectoryAsync(int durationMinutes, CancellationToken ct)
    {
        BookingRules.EnsureDuration(durationMinutes);
        var now = time.GetUtcNow();
        var to = now.AddDays(14);
        var result = new List<(CoachProfile, TimeInterval?)>();
        foreach (var coach in await accounts.ListCoachesAsync(ct))
        {
            var rules = await RulesAsync(coach.Id, ct);
            var busy = await store.BusyAsync(coach.Id, now - CoachBookingRules.Reach, to + CoachBookingRules.Reach, ct);
            var slots = SlotFinder.FreeSlots(
                coach.Availability, now, to, CoachBookingRules.ListedLength(rules, durationMinutes), busy, now, rules, await ElsewhereAsync(coach.Id, now, to, ct));
            result.Add((coach, slots.Count > 0 ? slots[0] : null));
        }

        return result;
    }

    public async Task<IReadOnlyList<CoachingAudit>> AuditAsync(CoachingActor actor, Guid id, CancellationToken ct)
    {
        await GetAsync(actor, id, ct);
        return await store.AuditAsync(id, ct);
    }

    public Task<CoachingSession> StartAsync(CoachingActor actor, Guid id, CancellationToken ct) =>
        TransitionAsync(actor, id, s => s.Start(actor, time.GetUtcNow(), policy), ct);

    public Task<CoachingSession> MarkNoShowAsync(CoachingActor actor, Guid id, CancellationToken ct) =>
        TransitionAsync(actor, id, s => s.MarkNoShow(actor, time.GetUtcNow(), policy), ct);

    public Task<CoachingSession> CompleteAsync(CoachingActor actor, Guid id, CompletionInput input, CancellationToken ct) =>
        TransitionAsync(actor, id, s => s.Complete(actor, input, time.GetUtcNow(), policy.Text), ct);

    public Task<CoachingSession> CancelAsync(
        CoachingActor actor, Guid id, string? reason, string? cancellationType, bool refundRequested, long? expectedFeeCents,
        CancellationToken ct) =>
        TransitionAsync(actor, id, s => s.Cancel(actor, reason, cancellationType, refundRequested, time.GetUtcNow(), policy, expectedFeeCents), ct);

    /// <summary>What cancelling now would cost this actor, for the confirmation dialog.</summary>
    public async Task<CancellationQuote> QuoteCancellationAsync(CoachingActor actor, Guid id, CancellationToken ct) =>
        (await GetAsync(actor, id, ct)).QuoteCancellation(actor, time.GetUtcNow(), policy);

    public async Task<IReadOnlyList<TimeInterval>> FreeSlotsAsync(
        Guid coachId, DateTimeOffset from, DateTimeOffset to, int durationMinutes, CancellationToken ct)
    {
        var coach = await accounts.FindCoachAsync(coachId, ct) ?? throw CoachingErrors.CoachNotFound();
        BookingRules.EnsureDuration(durationMinutes);
        if (to <= from || to - from > TimeSpan.FromDays(SlotFinder.MaxRangeDays))
            throw Errors.InvalidInput($"to must be after from, at most {SlotFinder.MaxRangeDays} days later.");
        var busy = await store.BusyAsync(coachId, from - CoachBookingRules.Reach, to + CoachBookingRules.Reach, ct);
        return SlotFinder.FreeSlots(
            coach.Availability, from, to, durationMinutes, busy, time.GetUtcNow(), await RulesAsync(coachId, ct), await ElsewhereAsync(coachId, from, to, ct));
    }

    /// <summary>The coach's busy times in their external calendars (none without that feature, as in Core tests).</summary>
    private async Task<IReadOnlyCollection<TimeInterval>> ElsewhereAsync(Guid coachId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        elsewhere is null ? [] : await elsewhere.BusyAsync(coachId, from, to, ct);

    /// <summary>Refuses a time the coach's external calendars mark busy (<c>calendar_busy</c>); an unreadable feed refuses nothing.</summary>
    internal async Task EnsureFreeElsewhereAsync(Guid coachId, TimeInterval wanted, CancellationToken ct)
    {
        if ((await ElsewhereAsync(coachId, wanted.Start, wanted.End, ct)).Any(b => b.Overlaps(wanted)))
            throw Errors.Conflict(ErrorCodes.CalendarBusy, "The coach is busy elsewhere at that time (their calendar says so). Pick another slot.");
    }

    /// <summary>The coach's rules (the defaults when this service runs without a schedule store, as in some Core tests).</summary>
    public async Task<CoachRules> RulesAsync(Guid coachId, CancellationToken ct) =>
        schedule is null ? CoachRules.Default : await schedule.RulesAsync(coachId, ct);

    /// <summary>The coach's slot-holding sessions near <paramref name="wanted"/>, without <paramref name="moving"/> (a reschedule's own session).</summary>
    internal async Task<IReadOnlyList<TimeInterval>> NearbyAsync(Guid coachId, TimeInterval wanted, CoachingSession? moving, CancellationToken ct)
    {
        var busy = (await store.BusyAsync(coachId, wanted.Start - CoachBookingRules.Reach, wanted.End + CoachBookingRules.Reach, ct)).ToList();
        if (moving is not null) busy.Remove(new TimeInterval(moving.ScheduledAt, moving.EndsAt));
        return busy;
    }

    public async Task<CoachProfile> SetAvailabilityAsync(Guid coachId, CoachAvailability availability, string? bio, CancellationToken ct)
    {
        bio = Validate.Text(bio, "bio", ErrorCodes.InvalidInput, 1000, required: false, policy.Text, TextShape.Lines);
        await accounts.SaveCoachProfileAsync(coachId, availability, bio, ct);
        await notices.AvailabilityChangedAsync(coachId, ct);
        return await accounts.FindCoachAsync(coachId, ct) ?? throw CoachingErrors.CoachNotFound();
    }

    private async Task<CoachingSession> TransitionAsync(
        CoachingActor actor, Guid id, Func<CoachingSession, CoachingTransition> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var session = await GetAsync(actor, id, ct);
            var transition = decide(session);
            if (await store.TransitionAsync(transition, ct))
            {
                var after = transition.After with { Version = session.Version + 1 };

                // The room follows before anyone hears of the change, so the notice carries its code.
                if (rooms is not null) after = await rooms.FollowAsync(after, ct);
                await notices.BookingChangedAsync(after, ct);
                return after;
            }

            // Someone else changed it meanwhile: decide again on the fresh state (which may now refuse).
            if (attempt == MaxAttempts) throw Errors.Busy();
        }
    }

    private static (CoachingSession, bool) Answer(BookingOutcome outcome, IdempotencyKey? key) => outcome.Result switch
    {
        BookingResult.Booked => (outcome.Session!, false),
        BookingResult.Replayed => (outcome.Session!, true),
        BookingResult.KeyReused => throw KeyReused(key),
        BookingResult.CoachBusy => throw CoachingErrors.SlotTaken("coach"),
        BookingResult.ClientBusy => throw CoachingErrors.SlotTaken("client"),
    };

    /// <summary>A booking's title and description, checked (a series checks them once for all its occurrences).</summary>
    internal static (string Title, string? Description) BookingTexts(BookingRequest request, CoachingPolicy policy)
    {
        if (string.IsNullOrWhiteSpace(request.Title)) throw Errors.Invalid(ErrorCodes.InvalidTitle, "Give the session a title.");
        var title = Validate.Text(request.Title, "The title", ErrorCodes.InvalidTitle, BookingRules.TitleMaxLength, required: true, policy.Text)!;
        var description = Validate.Text(
            request.Description, "description", ErrorCodes.InvalidInput, BookingRules.DescriptionMaxLength, required: false, policy.Text, TextShape.Lines);
        return (title, description);
    }

    internal static void EnsureIdempotencyKey(string? idempotencyKey)
    {
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 100 || idempotencyKey.Any(c => c is < '!' or > '~')))
            throw Errors.Invalid(ErrorCodes.InvalidIdempotencyKey, "Idempotency-Key must be 1 to 100 printable ASCII characters.");
    }

    internal static HuddleException KeyReused(IdempotencyKey? key) => Errors.Conflict(ErrorCodes.IdempotencyKeyReused,
        $"Idempotency-Key '{key?.Key}' was already used for a different request: use a new key for a new request.");

    private static CoachingAudit Audit(CoachingSession s, CoachingActor actor, DateTimeOffset now) =>
        new(s.Id, now, actor.AccountId, CoachingParty.Client, null, CoachingStatus.Scheduled, "book", null);

    private static string Hash(string title, string? description, DateTimeOffset start, BookingRequest r)
    {
        var canonical = string.Join('\n', title, description ?? "", start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            r.DurationMinutes.ToString(CultureInfo.InvariantCulture), r.CoachId.ToString("N"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
