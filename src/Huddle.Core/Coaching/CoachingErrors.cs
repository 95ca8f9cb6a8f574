namespace Huddle.Core.Coaching;

/// <summary>The coaching kind's stable error codes (docs/coaching.md lists them).</summary>
public static class CoachingErrors
{
    public static HuddleException SessionNotFound() =>
        new(ErrorCodes.CoachingSessionNotFound, "No coaching session with this id is visible to you.", ErrorKind.NotFound);

    public static HuddleException CoachNotFound() =>
        new(ErrorCodes.CoachNotFound, "No coach has this id.", ErrorKind.NotFound);

    public static HuddleException InvalidTransition(CoachingStatus from, string action) =>
        Errors.Conflict(ErrorCodes.InvalidTransition, $"A {CoachingNames.Of(from)} session cannot {action}.");

    public static HuddleException TooEarly(DateTimeOffset opensAt) =>
        Errors.Conflict(ErrorCodes.TooEarly, $"This session can start from {opensAt:yyyy-MM-dd'T'HH:mm:ss'Z'} (15 minutes before it is scheduled).");

    public static HuddleException TooLate(DateTimeOffset endedAt) =>
        Errors.Conflict(ErrorCodes.TooLate, $"This session's booked time ended at {endedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}: it can no longer start. Book a new one.");

    public static HuddleException SlotTaken(string who) =>
        Errors.Conflict(ErrorCodes.SlotTaken, who == "client"
            ? "You already have a session at that time."
            : "That time was just booked by someone else. Pick another slot.");

    /// <summary>The fee the caller confirmed is not the fee now; <c>Data["feeCents"]</c> (a problem extension) is the new one.</summary>
    public static HuddleException FeeChanged(long feeCents)
    {
        var error = Errors.Conflict(ErrorCodes.FeeChanged, feeCents > 0
            ? "Cancelling now costs a late-cancellation fee: it changed since you looked. Check the new fee and confirm again."
            : "Cancelling now is free: the fee changed since you looked. Confirm again.");
        error.Data["feeCents"] = feeCents;
        return error;
    }

    public static HuddleException OutsideAvailability() =>
        Errors.Invalid(ErrorCodes.OutsideAvailability, "The coach is not available for that whole time.");
}

public static class CoachingNames
{
    public static string Of(CoachingStatus status) => status switch
    {
        CoachingStatus.Scheduled => "scheduled",
        CoachingStatus.InProgress => "in_progress",
        CoachingStatus.Completed => "completed",
        CoachingStatus.Cancelled => "cancelled",
        CoachingStatus.NoShow => "no_show",
        CoachingStatus.Missed => "missed",
    };

    public static string Of(CoachingParty party) => party switch
    {
        CoachingParty.Client => "client",
        CoachingParty.Coach => "coach",
        CoachingParty.Admin => "admin",
        CoachingParty.System => "system",
    };

    public static CoachingStatus ParseStatus(string value) => value switch
    {
        "scheduled" => CoachingStatus.Scheduled,
        "in_progress" => CoachingStatus.InProgress,
        "completed" => CoachingStatus.Completed,
        "cancelled" => CoachingStatus.Cancelled,
        "no_show" => CoachingStatus.NoShow,
        "missed" => CoachingStatus.Missed,
        _ => throw new FormatException($"Unknown coaching status '{value}'."),
    };

    public static CoachingParty ParseParty(string value) => value switch
    {
        "client" => CoachingParty.Client,
        "coach" => CoachingParty.Coach,
        "admin" => CoachingParty.Admin,
        "system" => CoachingParty.System,
        _ => throw new FormatException($"Unknown coaching party '{value}'."),
    };
}
