using Huddle.Core.Sessions;

namespace Huddle.Core.Coaching;

/// <summary>The lifecycle's timing and money rules; the server fills the fee from configuration.</summary>
public sealed record CoachingPolicy
{
    public const int MinDurationMinutes = 15;
    public const int MaxDurationMinutes = 240;

    /// <summary>A session may start this long before its scheduled time, not earlier.</summary>
    public TimeSpan StartWindow { get; init; } = DefaultStartWindow;

    /// <summary>
    /// The start window the server runs with (it is not a setting): also what a session's
    /// <c>startOpensAt</c> tells clients, so they offer Start exactly when it would succeed.
    /// </summary>
    public static readonly TimeSpan DefaultStartWindow = TimeSpan.FromMinutes(15);

    /// <summary>The coach may mark a no-show this long after the scheduled start (the client may just be late).</summary>
    public TimeSpan NoShowGrace { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The sweeper closes a session this long after its booked end: one in progress is completed, one
    /// never started is missed.
    /// </summary>
    public TimeSpan OverdueGrace { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>A client cancelling with less than this left before the start pays the fee.</summary>
    public TimeSpan LateCancellationWindow { get; init; } = TimeSpan.FromHours(24);

    public long LateCancellationFeeCents { get; init; } = 2500;

    /// <summary>Charged to a client the coach marks a no-show (0: no fee).</summary>
    public long NoShowFeeCents { get; init; } = 2500;

    /// <summary>How far ahead a session can be booked.</summary>
    public TimeSpan BookingHorizon { get; init; } = TimeSpan.FromDays(180);

    /// <summary>The byte and combining-mark rules of every text (<c>Huddle:Limits</c>), as the sessions use them.</summary>
    public TextLimits Text { get; init; } = TextLimits.Default;
}
