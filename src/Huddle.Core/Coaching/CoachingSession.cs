using Huddle.Core.Sessions;

namespace Huddle.Core.Coaching;

public enum CoachingStatus
{
    Scheduled,
    InProgress,
    Completed,
    Cancelled,

    /// <summary>The coach marked that the client did not come (see <c>NoShows.cs</c>).</summary>
    NoShow,

    /// <summary>Never started: the sweeper closed it after its end (see <c>NoShows.cs</c>).</summary>
    Missed,
}

/// <summary>Who is acting on a coaching session, relative to it.</summary>
public enum CoachingParty
{
    Client,
    Coach,
    Admin,

    /// <summary>The server itself (the overdue sweeper); never the answer of <see cref="CoachingSession.PartyOf"/>.</summary>
    System,
}

/// <summary>An authenticated account acting on coaching data.</summary>
public sealed record CoachingActor(Guid AccountId, bool IsAdmin);

public sealed record Cancellation(
    string Reason, CoachingParty By, long FeeCents, string? CancellationType, bool RefundRequested);

/// <summary>One recorded transition: who, when, from → to, why.</summary>
public sealed record CoachingAudit(
    Guid SessionId, DateTimeOffset At, Guid ActorId, CoachingParty ActorParty,
    CoachingStatus? From, CoachingStatus To, string Action, string? Reason);

/// <summary>The answer to "what would cancelling now cost me?": the fee, whether it is late, the window, who asks.</summary>
public sealed record CancellationQuote(long FeeCents, bool Late, TimeSpan LateWindow, CoachingParty By);

/// <summary>What a party writes when completing: the coach's notes and action items, the client's rating and feedback.</summary>
public sealed record CompletionInput(string? Notes, int? Rating, string? Feedback, IReadOnlyList<string>? ActionItems);

/// <summary>A new state plus the audit entry that explains it; the store commits both or neither.</summary>
public sealed record CoachingTransition(CoachingSession Before, CoachingSession After, CoachingAudit Audit);

/// <summary>
/// A booked coaching session. Immutable: every lifecycle command checks the actor, the current
/// state and the clock, then returns the next state with its audit entry, or throws a
/// <see cref="HuddleException"/> and changes nothing. The switch over <see cref="Status"/> is
/// the state machine: scheduled → in_progress → completed, scheduled → cancelled.
/// </summary>
public sealed partial record CoachingSession
{
    public const int NotesMaxLength = 4000;
    public const int FeedbackMaxLength = 2000;
    public const int ReasonMaxLength = 500;
    public const int ActionItemMaxLength = 200;
    public const int ActionItemsMax = 20;

    public required Guid Id { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public required DateTimeOffset ScheduledAt { get; init; }

    public required int DurationMinutes { get; init; }

    public required Guid CoachId { get; init; }

    public required Guid ClientId { get; init; }

    public CoachingStatus Status { get; init; } = CoachingStatus.Scheduled;

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    /// <summary>When it was marked a no-show or missed.</summary>
    public DateTimeOffset? MissedAt { get; init; }

    public string? Notes { get; init; }

    public int? Rating { get; init; }

    public string? Feedback { get; init; }

    public IReadOnlyList<string>? ActionItems { get; init; }

    public Cancellation? Cancellation { get; init; }

    /// <summary>The late-reschedule fees charged to the client so far (see <see cref="Reschedule"/>).</summary>
    public long RescheduleFeeCents { get; init; }

    /// <summary>
    /// The code of the live room while the session is in progress (the room is an engine session
    /// with this booking's id, so the code lives there, not in the booking's row).
    /// </summary>
    public string? RoomCode { get; init; }

    /// <summary>Bumped by every stored change; the store's compare-and-set uses it.</summary>
    public int Version { get; init; } = 1;

    public DateTimeOffset EndsAt => ScheduledAt.AddMinutes(DurationMinutes);

    /// <summary>True while the session holds its slot (it blocks availability and overlaps).</summary>
    public bool HoldsSlot => Status is CoachingStatus.Scheduled or CoachingStatus.InProgress;

    /// <summary>The actor's relation to this session; a stranger gets "not found" so ids reveal nothing.</summary>
    public CoachingParty PartyOf(CoachingActor actor)
    {
        if (actor.AccountId == CoachId) return CoachingParty.Coach;
        if (actor.AccountId == ClientId) return CoachingParty.Client;
        if (actor.IsAdmin) return CoachingParty.Admin;
        throw CoachingErrors.SessionNotFound();
    }

    public bool IsVisibleTo(CoachingActor actor) => actor.IsAdmin || actor.AccountId == CoachId || actor.AccountId == ClientId;

    /// <summary>From when <see cref="Start"/> succeeds; null unless the session is still scheduled.</summary>
    public DateTimeOffset? StartOpensAt(TimeSpan startWindow) =>
        Status == CoachingStatus.Scheduled ? ScheduledAt - startWindow : null;

    public CoachingTransition Start(CoachingActor actor, DateTimeOffset now, CoachingPolicy policy)
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
                throw CoachingErrors.InvalidTransition(Status, "start");
        }

        if (StartOpensAt(policy.StartWindow) is { } opensAt && now < opensAt)
            throw CoachingErrors.TooEarly(opensAt);

        // A session is started within its booked time or not at all: starting it hours or days late
        // would open a live room nobody booked (and the sweeper marks it missed soon after anyway).
        if (now >= EndsAt) throw CoachingErrors.TooLate(EndsAt);
        var after = this with { Status = CoachingStatus.InProgress, StartedAt = now };
        return new(this, after, Audit(actor, party, now, after.Status, "start", null));
    }

    public CoachingTransition Complete(CoachingActor actor, CompletionInput input, DateTimeOffset now, TextLimits? text = null)
    {
        var party = PartyOf(actor);
        var (notes, rating, feedback, items) = ValidateCompletion(party, input, text ?? TextLimits.Default);
        switch (Status)
        {
            case CoachingStatus.InProgress:
            {
                var after = this with
                {
                    Status = CoachingStatus.Completed, CompletedAt = now,
                    Notes = notes, Rating = rating, Feedback = feedback, ActionItems = items,
                };
                return new(this, after, Audit(actor, party, now, after.Status, "complete", null));
            }

            case CoachingStatus.Completed:
            {
                // The party who did not complete adds their part afterwards (the client rates a
                // session the coach closed); nothing already written is overwritten.
                if ((notes is not null && Notes is not null) || (items is not null && ActionItems is not null)
                    || (rating is not null && Rating is not null) || (feedback is not null && Feedback is not null))
                    throw Errors.Conflict(ErrorCodes.AlreadyCompleted, "This session is completed and that part of its record is already written.");
                if (notes is null && items is null && rating is null && feedback is null)
                    throw CoachingErrors.InvalidTransition(Status, "complete");
                var after = this with
                {
                    Notes = notes ?? Notes, Rating = rating ?? Rating, Feedback = feedback ?? Feedback, ActionItems = items ?? ActionItems,
                };
                return new(this, after, Audit(actor, party, now, after.Status, "record", null));
            }

            case CoachingStatus.Scheduled:
            case CoachingStatus.Cancelled:
            case CoachingStatus.NoShow:
            case CoachingStatus.Missed:
                throw CoachingErrors.InvalidTransition(Status, "complete");
        }

        throw CoachingErrors.InvalidTransition(Status, "complete");
    }

    /// <summary>The fee this actor would be charged for cancelling now (shown before confirming).</summary>
    public long CancellationFee(CoachingActor actor, DateTimeOffset now, CoachingPolicy policy) =>
        QuoteCancellation(actor, now, policy).FeeCents;

    /// <summary>
    /// What cancelling now means for this actor, by the same rule <see cref="Cancel"/> applies: late is
    /// inside the late-cancellation window (for anyone), and only a client cancelling late pays the fee.
    /// </summary>
    public CancellationQuote QuoteCancellation(CoachingActor actor, DateTimeOffset now, CoachingPolicy policy)
    {
        var by = PartyOf(actor);
        var late = ScheduledAt - now < policy.LateCancellationWindow;
        return new CancellationQuote(by == CoachingParty.Client && late ? policy.LateCancellationFeeCents : 0, late, policy.LateCancellationWindow, by);
    }

    /// <summary>
    /// Cancels. <paramref name="expectedFeeCents"/> is the fee the actor was shown: when the fee is
    /// now different (the 24-hour mark passed while they read it) the cancellation is refused with
    /// <c>fee_changed</c> and nothing changes, so nobody pays a fee they did not see. Null: not checked.
    /// </summary>
    public CoachingTransition Cancel(
        CoachingActor actor, string? reason, string? cancellationType, bool refundRequested, DateTimeOffset now, CoachingPolicy policy,
        long? expectedFeeCents = null)
    {
        var party = PartyOf(actor);
        if (string.IsNullOrWhiteSpace(reason)) throw Errors.Invalid(ErrorCodes.ReasonRequired, "Give a reason for cancelling.");
        var trimmed = Validate.Text(reason, "reason", ErrorCodes.InvalidInput, ReasonMaxLength, required: true, policy.Text, TextShape.Lines)!;
        var type = Validate.Text(cancellationType, "cancellationType", ErrorCodes.InvalidInput, 40, required: false, policy.Text);
        switch (Status)
        {
            case CoachingStatus.Scheduled:
                break;
            case CoachingStatus.InProgress:
            case CoachingStatus.Completed:
            case CoachingStatus.Cancelled:
            case CoachingStatus.NoShow:
            case CoachingStatus.Missed:
                throw CoachingErrors.InvalidTransition(Status, "cancel");
        }

        var fee = CancellationFee(actor, now, policy);
        if (expectedFeeCents is { } shown && shown != fee) throw CoachingErrors.FeeChanged(fee);
        var after = this with
        {
            Status = CoachingStatus.Cancelled, CancelledAt = now,
            Cancellation = new Cancellation(trimmed, party, fee, string.IsNullOrEmpty(type) ? null : type, refundRequested),
        };
        return new(this, after, Audit(actor, party, now, after.Status, "cancel", trimmed));
    }

    private static (string? Notes, int? Rating, string? Feedback, IReadOnlyList<string>? Items) ValidateCompletion(
        CoachingParty party, CompletionInput input, TextLimits text)
    {
        var notes = Clean(input.Notes, NotesMaxLength, "notes", text);
        var feedback = Clean(input.Feedback, FeedbackMaxLength, "feedback", text);
        if (input.Rating is { } r && (r < 1 || r > 5)) throw Errors.Invalid(ErrorCodes.InvalidRating, "rating must be 1 to 5.");
        List<string>? items = null;
        if (input.ActionItems is not null)
        {
            if (input.ActionItems.Count > ActionItemsMax) throw Errors.InvalidInput($"At most {ActionItemsMax} action items.");
            items = [];
            foreach (var item in input.ActionItems)
                items.Add(Clean(item, ActionItemMaxLength, "an action item", text) ?? throw Errors.InvalidInput("An action item cannot be empty."));
            if (items.Count == 0) items = null;
        }

        var coachPart = notes is not null || items is not null;
        var clientPart = input.Rating is not null || feedback is not null;
        switch (party)
        {
            case CoachingParty.Client when coachPart:
                throw Errors.NotAllowed("Notes and action items are written by the coach.");
            case CoachingParty.Coach when clientPart:
            case CoachingParty.Admin when clientPart:
            case CoachingParty.System when clientPart:
                throw Errors.NotAllowed("The rating and feedback are the client's to give.");
            case CoachingParty.Client:
            case CoachingParty.Coach:
            case CoachingParty.Admin:
            case CoachingParty.System:
                break;
        }

        return (notes, input.Rating, feedback, items);
    }

    private static string? Clean(string? value, int max, string what, TextLimits text) =>
        Validate.Text(value, what, ErrorCodes.InvalidInput, max, required: false, text, TextShape.Lines);

    internal CoachingAudit Audit(CoachingActor actor, CoachingParty party, DateTimeOffset now, CoachingStatus to, string action, string? reason) =>
        new(Id, now, actor.AccountId, party, Status, to, action, reason);
}
