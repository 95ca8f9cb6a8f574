using System.Globalization;

namespace Huddle.Core.Coaching;

/// <summary>What a coach does with a client's request to move a session inside the late-cancellation window.</summary>
public enum LateReschedule
{
    /// <summary>Allowed, for the late-cancellation fee (the default: it is what cancelling and rebooking would cost).</summary>
    Fee,

    /// <summary>Refused with <c>reschedule_refused</c>: the client may still cancel (and pay the fee).</summary>
    Refuse,
}

/// <summary>
/// A coach's own booking rules (<c>/api/coaches/me/rules</c>); a coach who never saved any has <see cref="Default"/>.
/// The limits (notice, buffers, daily maximum, horizon, lengths) are decided by <see cref="CoachBookingRules"/>;
/// zero or empty means "no limit of this kind".
/// </summary>
public sealed record CoachRules(LateReschedule LateReschedule)
{
    public static readonly CoachRules Default = new(LateReschedule.Fee);

    /// <summary>No booking (or move) that starts sooner than this from now.</summary>
    public int MinNoticeMinutes { get; init; }

    /// <summary>Free time the coach keeps before each session.</summary>
    public int BufferBeforeMinutes { get; init; }

    /// <summary>Free time the coach keeps after each session.</summary>
    public int BufferAfterMinutes { get; init; }

    /// <summary>At most this many slot-holding sessions starting on one date of the coach's zone; 0: no limit.</summary>
    public int MaxSessionsPerDay { get; init; }

    /// <summary>No booking further ahead than this many days; 0: the server's horizon (<see cref="CoachingPolicy.BookingHorizon"/>).</summary>
    public int HorizonDays { get; init; }

    /// <summary>The lengths a client may pick, ascending; empty: any length the server allows.</summary>
    public IReadOnlyList<int> Lengths { get; init; } = [];
}

/// <summary>The answer to "what would moving this session now cost me?": the fee, whether it is late, whether it is allowed at all.</summary>
public sealed record RescheduleQuote(long FeeCents, bool Late, bool Allowed, TimeSpan LateWindow, CoachingParty By);

public static class CoachRuleNames
{
    public static string Of(LateReschedule value) => value switch
    {
        LateReschedule.Fee => "fee",
        LateReschedule.Refuse => "refuse",
    };

    public static LateReschedule ParseLateReschedule(string? value) => value switch
    {
        "fee" => LateReschedule.Fee,
        "refuse" => LateReschedule.Refuse,
        _ => throw Errors.Invalid(ErrorCodes.InvalidCoachRules, "lateReschedule must be \"fee\" or \"refuse\"."),
    };
}

public static class RescheduleErrors
{
    public static HuddleException Refused(TimeSpan window) =>
        Errors.Conflict(ErrorCodes.RescheduleRefused,
            $"Your coach does not move sessions less than {window.TotalHours:0} hours before they start. You can still cancel.");

    public static HuddleException SameTime() =>
        Errors.Invalid(ErrorCodes.SameTime, "The session is already at that time. Pick another slot.");

    /// <summary>As <see cref="CoachingErrors.FeeChanged"/>, worded for a reschedule; <c>Data["feeCents"]</c> is the fee now.</summary>
    public static HuddleException FeeChanged(long feeCents)
    {
        var error = Errors.Conflict(ErrorCodes.FeeChanged, feeCents > 0
            ? "Moving this session now costs a late fee: it changed since you looked. Check the new fee and confirm again."
            : "Moving this session now is free: the fee changed since you looked. Confirm again.");
        error.Data["feeCents"] = feeCents;
        return error;
    }
}

/// <summary>
/// Rescheduling keeps the booking (its id, title, parties and history) and moves its slot. The same
/// rule as cancelling decides what it costs: outside the late-cancellation window it is free for
/// everyone; inside it a client pays the late fee or is refused, as the coach chose; a coach or an
/// admin moving a session never charges the client.
/// </summary>
public sealed partial record CoachingSession
{
    public RescheduleQuote QuoteReschedule(CoachingActor actor, DateTimeOffset now, CoachingPolicy policy, CoachRules rules)
    {
        var by = PartyOf(actor);
        var late = ScheduledAt - now < policy.LateCancellationWindow;
        var clientLate = by == CoachingParty.Client && late;
        var allowed = !clientLate || rules.LateReschedule == LateReschedule.Fee;
        return new(clientLate && allowed ? policy.LateCancellationFeeCents : 0, late, allowed, policy.LateCancellationWindow, by);
    }

    /// <summary>
    /// Moves the session to <paramref name="newStart"/> (same length). <paramref name="expectedFeeCents"/>
    /// is the fee the actor was shown (null: not checked); a different fee now is <c>fee_changed</c>.
    /// Whether the new slot is free is the store's to decide, atomically with the move.
    /// </summary>
    public CoachingTransition Reschedule(
        CoachingActor actor, DateTimeOffset newStart, DateTimeOffset now, CoachingPolicy policy, CoachRules rules, long? expectedFeeCents = null)
    {
        var party = PartyOf(actor);
        switch (Status)
        {
            case CoachingStatus.Scheduled:
                break;
            case CoachingStatus.InProgress:
            case CoachingStatus.Completed:
            case CoachingStatus.Cancelled:
            case CoachingStatus.NoShow:
            case CoachingStatus.Missed:
                throw CoachingErrors.InvalidTransition(Status, "be rescheduled");
        }

        if (newStart == ScheduledAt) throw RescheduleErrors.SameTime();
        var quote = QuoteReschedule(actor, now, policy, rules);
        if (!quote.Allowed) throw RescheduleErrors.Refused(policy.LateCancellationWindow);
        if (expectedFeeCents is { } shown && shown != quote.FeeCents) throw RescheduleErrors.FeeChanged(quote.FeeCents);

        var after = this with { ScheduledAt = newStart, RescheduleFeeCents = RescheduleFeeCents + quote.FeeCents };
        var reason = string.Create(CultureInfo.InvariantCulture, $"{ScheduledAt:yyyy-MM-dd'T'HH:mm'Z'} → {newStart:yyyy-MM-dd'T'HH:mm'Z'}");
        if (quote.FeeCents > 0) reason += string.Create(CultureInfo.InvariantCulture, $", late fee {quote.FeeCents}");
        return new(this, after, Audit(actor, party, now, after.Status, "reschedule", reason));
    }
}
