using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Huddle.Core.Coaching;

public enum SeriesFrequency
{
    Weekly,
    Fortnightly,
}

/// <summary>A recurring booking: the first occurrence as a booking, how often, and how many (a count or a last local date).</summary>
public sealed record SeriesRequest(BookingRequest First, string? Frequency, int? Count, string? Until);

/// <summary>Why one occurrence of a wanted series cannot be booked: its index (0 = the first), time and the booking's error code.</summary>
public sealed record SeriesClash(int Index, DateTimeOffset ScheduledAt, string Code, string Message);

/// <summary>A series booking's answer: the booked occurrences (oldest first), or the clashes that stopped it (nothing booked).</summary>
public sealed record SeriesBooking(IReadOnlyList<CoachingSession> Sessions, bool Replayed, IReadOnlyList<SeriesClash> Clashes);

public sealed record SeriesOutcome(BookingResult Result, IReadOnlyList<CoachingSession> Sessions);

/// <summary>Occurrences of one recurring series share its id (null: a single booking).</summary>
public sealed partial record CoachingSession
{
    public Guid? SeriesId { get; init; }
}

/// <summary>
/// The pure rules of a recurring series: the occurrences keep the first one's wall-clock time in the
/// COACH's zone (09:00 Paris stays 09:00 across a daylight-saving change, its UTC instant moves), and
/// each occurrence must pass every rule a single booking passes.
/// </summary>
public static class SeriesPlan
{
    public const int MinOccurrences = 2;
    public const int MaxOccurrences = 26;

    public static SeriesFrequency ParseFrequency(string? value) => value switch
    {
        "weekly" => SeriesFrequency.Weekly,
        "fortnightly" => SeriesFrequency.Fortnightly,
        _ => throw Invalid("frequency must be \"weekly\" or \"fortnightly\"."),
    };

    public static string Of(SeriesFrequency frequency) => frequency switch
    {
        SeriesFrequency.Weekly => "weekly",
        SeriesFrequency.Fortnightly => "fortnightly",
    };

    /// <summary>
    /// The starts of the series, oldest first. <paramref name="until"/> is a date in the coach's zone
    /// (inclusive). Exactly one of count and until; either way 2 to <see cref="MaxOccurrences"/> occurrences.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Occurrences(
        DateTimeOffset first, TimeZoneInfo coachZone, SeriesFrequency frequency, int? count, string? until)
    {
        if ((count is null) == (until is null)) throw Invalid("Give either count or until, not both.");
        var local = TimeZoneInfo.ConvertTime(first, coachZone).DateTime;
        var step = frequency == SeriesFrequency.Weekly ? 7 : 14;
        if (until is not null)
        {
            if (until.Length != 10 || !DateOnly.TryParseExact(until, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
                throw Invalid("until must be a date, YYYY-MM-DD.");
            var days = last.DayNumber - DateOnly.FromDateTime(local).DayNumber;
            if (days < 0) throw Invalid("until must not be before the first occurrence.");
            count = Math.Min((days / step) + 1, MaxOccurrences + 1);
        }

        if (count is < MinOccurrences or > MaxOccurrences)
            throw Invalid($"A series has {MinOccurrences} to {MaxOccurrences} occurrences.");

        // Each occurrence is the same wall-clock time on its date, converted with that date's offset
        // (a time inside a spring-forward gap moves to the gap's end, as for availability windows).
        var result = new List<DateTimeOffset>(count!.Value) { first };
        for (var i = 1; i < count; i++) result.Add(CoachAvailability.LocalToUtc(coachZone, local.AddDays(step * i)));
        return result;
    }

    /// <summary>
    /// Every occurrence that cannot be booked, and why (the code a single booking would get), checked against
    /// the coach's availability and rules, the coach's and the client's sessions, and the series itself.
    /// </summary>
    public static IReadOnlyList<SeriesClash> Clashes(
        IReadOnlyList<TimeInterval> wanted, CoachAvailability availability, CoachRules rules, CoachingPolicy policy, DateTimeOffset now,
        IReadOnlyCollection<TimeInterval> coachBusy, IReadOnlyCollection<TimeInterval> clientBusy)
    {
        var clashes = new List<SeriesClash>();
        for (var i = 0; i < wanted.Count; i++)
        {
            var w = wanted[i];
            if (Why(i) is { } error) clashes.Add(new SeriesClash(i, w.Start, error.Code, error.Message));
        }

        return clashes;

        HuddleException? Why(int i)
        {
            var w = wanted[i];
            try
            {
                BookingRules.EnsureBookable(availability, w, now, policy);
            }
            catch (HuddleException e)
            {
                return e;
            }

            if (coachBusy.Any(b => b.Overlaps(w))) return CoachingErrors.SlotTaken("coach");
            if (clientBusy.Any(b => b.Overlaps(w))) return CoachingErrors.SlotTaken("client");
            // The series' other occurrences count for the coach's buffers and daily maximum like any session.
            var others = coachBusy.Concat(wanted.Where((_, j) => j != i)).ToList();
            return CoachBookingRules.Check(rules, availability.TimeZone, w, now, others) is { } broken ? CoachBookingRules.Error(broken, rules) : null;
        }
    }

    internal static HuddleException Invalid(string message) => Errors.Invalid(ErrorCodes.InvalidSeries, message);
}

/// <summary>The storage side of series: all occurrences in one transaction, and all-or-nothing changes.</summary>
public interface ICoachingSeriesStore
{
    /// <summary>
    /// Inserts every occurrence with its audit entry (and the key, pointing at the first) in one transaction:
    /// an overlap anywhere (the database refuses it, as for a booking) books none of them.
    /// </summary>
    Task<SeriesOutcome> BookSeriesAsync(IReadOnlyList<CoachingSession> sessions, IReadOnlyList<CoachingAudit> audits, IdempotencyKey? key, CancellationToken ct);

    /// <summary>The occurrences of a series, oldest first.</summary>
    Task<IReadOnlyList<CoachingSession>> SeriesAsync(Guid seriesId, CancellationToken ct);

    /// <summary>Stores every After (each still at its Before's version) with its audit entry, or none: false when any moved.</summary>
    Task<bool> TransitionAllAsync(IReadOnlyList<CoachingTransition> transitions, CancellationToken ct);
}

/// <summary>
/// Recurring series beside <see cref="CoachingService"/>: the whole series is checked before anything is
/// booked (every clash reported with its date and reason), then booked all or nothing, exactly once.
/// Each occurrence is then a normal session (its own id, mail, reminders, fee); "this and the rest"
/// cancels the later occurrences together.
/// </summary>
public sealed class SeriesService(
    CoachingService coaching, ICoachingStore sessions, ICoachingSeriesStore store, IAccountStore accounts, ICoachingNotices notices,
    TimeProvider time, CoachingPolicy policy)
{
    private const int MaxAttempts = 5;

    public async Task<SeriesBooking> BookAsync(CoachingActor actor, SeriesRequest request, string? idempotencyKey, CancellationToken ct)
    {
        var first = request.First;
        var (title, description) = CoachingService.BookingTexts(first, policy);
        BookingRules.EnsureDuration(first.DurationMinutes);
        CoachingService.EnsureIdempotencyKey(idempotencyKey);
        var frequency = SeriesPlan.ParseFrequency(request.Frequency);

        var coach = await accounts.FindCoachAsync(first.CoachId, ct) ?? throw CoachingErrors.CoachNotFound();
        if (coach.Id == actor.AccountId) throw Errors.Invalid(ErrorCodes.CannotBookSelf, "A coach cannot book a session with themselves.");
        var zone = coach.Availability.TimeZone;
        var starts = SeriesPlan.Occurrences(BookingRules.ParseScheduledAt(first.ScheduledAt, zone), zone, frequency, request.Count, request.Until);
        var wanted = starts.Select(s => new TimeInterval(s, s.AddMinutes(first.DurationMinutes))).ToList();
        var now = time.GetUtcNow();

        IdempotencyKey? key = idempotencyKey is null ? null
            : new(actor.AccountId, idempotencyKey, Hash(title, description, frequency, first, starts));
        if (key is not null && await sessions.FindIdempotentAsync(key.AccountId, key.Key, ct) is { } earlier)
            return earlier.RequestHash == key.RequestHash && earlier.Session.SeriesId is { } done
                ? new(await store.SeriesAsync(done, ct), true, [])
                : throw CoachingService.KeyReused(key);

        var reach = CoachBookingRules.Reach;
        var coachBusy = await sessions.BusyAsync(coach.Id, wanted[0].Start - reach, wanted[^1].End + reach, ct);
        var clientBusy = (await sessions.ListAsync(actor.AccountId, ct))
            .Where(s => s.HoldsSlot && s.EndsAt > wanted[0].Start).Select(s => new TimeInterval(s.ScheduledAt, s.EndsAt)).ToList();
        var clashes = SeriesPlan.Clashes(wanted, coach.Availability, await coaching.RulesAsync(coach.Id, ct), policy, now, coachBusy, clientBusy);
        if (clashes.Count > 0) return new([], false, clashes);

        var seriesId = Guid.NewGuid();
        var booked = wanted.Select(w => new CoachingSession
        {
            Id = Guid.NewGuid(), Title = title, Description = description, ScheduledAt = w.Start, DurationMinutes = first.DurationMinutes,
            CoachId = coach.Id, ClientId = actor.AccountId, CreatedAt = now, SeriesId = seriesId,
        }).ToList();
        var audits = booked.Select((s, i) => new CoachingAudit(s.Id, now, actor.AccountId, CoachingParty.Client, null, CoachingStatus.Scheduled, "book",
            string.Create(CultureInfo.InvariantCulture, $"series {i + 1} of {booked.Count} ({SeriesPlan.Of(frequency)})"))).ToList();

        var outcome = await store.BookSeriesAsync(booked, audits, key, ct);
        switch (outcome.Result)
        {
            case BookingResult.Booked:
                foreach (var s in outcome.Sessions) await notices.BookingChangedAsync(s, ct);
                return new(outcome.Sessions, false, []);
            case BookingResult.Replayed:
                return new(outcome.Sessions, true, []);
            case BookingResult.KeyReused:
                throw CoachingService.KeyReused(key);
            case BookingResult.CoachBusy:
                throw CoachingErrors.SlotTaken("coach");
            case BookingResult.ClientBusy:
                throw CoachingErrors.SlotTaken("client");
        }

        throw Errors.Busy();
    }

    /// <summary>
    /// Cancels this occurrence and every later scheduled one of its series, decided at one instant and
    /// committed together. Each pays the fee its own cancellation would (late ones only, clients only);
    /// <paramref name="expectedFeeCents"/> is the total the actor was shown.
    /// </summary>
    public async Task<IReadOnlyList<CoachingSession>> CancelRestAsync(
        CoachingActor actor, Guid id, string? reason, string? cancellationType, bool refundRequested, long? expectedFeeCents, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var session = await coaching.GetAsync(actor, id, ct);
            if (session.SeriesId is not { } seriesId)
                throw Errors.Invalid(ErrorCodes.NotInSeries, "This session is not part of a series: cancel it on its own.");
            var now = time.GetUtcNow();
            var rest = (await store.SeriesAsync(seriesId, ct))
                .Where(s => s.Id == session.Id || (s.ScheduledAt > session.ScheduledAt && s.Status == CoachingStatus.Scheduled)).ToList();
            var transitions = rest.Select(s => s.Cancel(actor, reason, cancellationType, refundRequested, now, policy)).ToList();
            var fee = transitions.Sum(t => t.After.Cancellation!.FeeCents);
            if (expectedFeeCents is { } shown && shown != fee) throw CoachingErrors.FeeChanged(fee);

            if (await store.TransitionAllAsync(transitions, ct))
            {
                var after = transitions.Select(t => t.After with { Version = t.Before.Version + 1 }).ToList();
                foreach (var s in after) await notices.BookingChangedAsync(s, ct);
                return after;
            }

            // One of them changed meanwhile (started, moved, cancelled): decide again on the fresh state.
            if (attempt == MaxAttempts) throw Errors.Busy();
        }
    }

    // "series" keeps a key used for a single booking or a reschedule from ever matching a series' hash.
    private static string Hash(string title, string? description, SeriesFrequency frequency, BookingRequest r, IReadOnlyList<DateTimeOffset> starts)
    {
        var canonical = string.Join('\n', "series", title, description ?? "", SeriesPlan.Of(frequency),
            string.Join(',', starts.Select(s => s.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))),
            r.DurationMinutes.ToString(CultureInfo.InvariantCulture), r.CoachId.ToString("N"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
