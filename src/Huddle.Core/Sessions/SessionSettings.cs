namespace Huddle.Core.Sessions;

/// <summary>Per-session settings, changeable live by the host (SPEC §2).</summary>
public sealed record SessionSettings(
    bool AllowVoting,
    int MaxQueueSize,
    bool AutoPlay,
    double SkipThreshold,
    bool AllowAnonymous,
    bool Moderation,
    int MaxParticipants,
    MatchRule MatchRule = MatchRule.All,
    bool AutoDj = true,
    int MaxQueuedPerPerson = 0,
    int AddCooldownSeconds = 0,
    QueueOrder QueueOrder = QueueOrder.Votes,
    bool LockAdding = false,
    bool EndAtFirstMatch = false,
    bool DeckReadyCheck = false)
{
    /// <summary>The longest cooldown between one person's adds a host may set (an hour).</summary>
    public const int MaxAddCooldownSeconds = 3600;

    public static SessionSettings Defaults(HuddleLimits limits) =>
        new(true, limits.QueueMaxSize, true, 0.5, true, false, limits.ParticipantsPerSession);

    /// <summary>A kind's defaults: a classroom holds a lecture hall (SPEC §2 limits).</summary>
    public static SessionSettings Defaults(HuddleLimits limits, SessionKind kind) =>
        kind.HasQuestions()
            ? Defaults(limits) with { MaxParticipants = limits.ClassroomParticipantsPerSession }
            : Defaults(limits);

    /// <summary>Applies a partial change; every field is validated before anything is returned.</summary>
    public SessionSettings With(SettingsPatch patch, HuddleLimits limits)
    {
        var next = new SessionSettings(
            patch.AllowVoting ?? AllowVoting,
            patch.MaxQueueSize ?? MaxQueueSize,
            patch.AutoPlay ?? AutoPlay,
            patch.SkipThreshold ?? SkipThreshold,
            patch.AllowAnonymous ?? AllowAnonymous,
            patch.Moderation ?? Moderation,
            patch.MaxParticipants ?? MaxParticipants,
            patch.MatchRule is null ? MatchRule : MatchRules.Parse(patch.MatchRule),
            patch.AutoDj ?? AutoDj,
            patch.MaxQueuedPerPerson ?? MaxQueuedPerPerson,
            patch.AddCooldownSeconds ?? AddCooldownSeconds,
            patch.QueueOrder is null ? QueueOrder : QueueOrders.Parse(patch.QueueOrder),
            patch.LockAdding ?? LockAdding,
            patch.EndAtFirstMatch ?? EndAtFirstMatch,
            patch.DeckReadyCheck ?? DeckReadyCheck);
        if (next.MaxQueueSize < 1 || next.MaxQueueSize > limits.QueueMaxSize)
            throw Errors.Invalid(ErrorCodes.InvalidSettings, $"maxQueueSize must be between 1 and {limits.QueueMaxSize}.");
        if (double.IsNaN(next.SkipThreshold) || next.SkipThreshold <= 0 || next.SkipThreshold > 1)
            throw Errors.Invalid(ErrorCodes.InvalidSettings, "skipThreshold must be greater than 0 and at most 1.");
        if (next.MaxParticipants < 2 || next.MaxParticipants > limits.ParticipantsHardMax)
            throw Errors.Invalid(ErrorCodes.InvalidSettings, $"maxParticipants must be between 2 and {limits.ParticipantsHardMax}.");
        if (next.MaxQueuedPerPerson < 0 || next.MaxQueuedPerPerson > limits.QueueMaxSize)
            throw Errors.Invalid(ErrorCodes.InvalidSettings, $"maxQueuedPerPerson must be between 0 (no limit) and {limits.QueueMaxSize}.");
        if (next.AddCooldownSeconds is < 0 or > MaxAddCooldownSeconds)
            throw Errors.Invalid(ErrorCodes.InvalidSettings, $"addCooldownSeconds must be between 0 and {MaxAddCooldownSeconds}.");
        return next;
    }
}

/// <summary>A partial settings change: null means "leave as is".</summary>
public sealed record SettingsPatch(
    bool? AllowVoting = null,
    int? MaxQueueSize = null,
    bool? AutoPlay = null,
    double? SkipThreshold = null,
    bool? AllowAnonymous = null,
    bool? Moderation = null,
    int? MaxParticipants = null,
    string? MatchRule = null,
    bool? AutoDj = null,
    int? MaxQueuedPerPerson = null,
    int? AddCooldownSeconds = null,
    string? QueueOrder = null,
    bool? LockAdding = null,
    bool? EndAtFirstMatch = null,
    bool? DeckReadyCheck = null);

/// <summary>How the jam's queue is ordered: by votes (seed 004), or round-robin by who added (votes decide within a round).</summary>
public enum QueueOrder
{
    Votes,
    Fair,
}

public static class QueueOrders
{
    public static string Of(QueueOrder order) => order switch
    {
        QueueOrder.Votes => "votes",
        QueueOrder.Fair => "fair",
    };

    public static QueueOrder Parse(string value) => value.Trim().ToLowerInvariant() switch
    {
        "votes" => QueueOrder.Votes,
        "fair" => QueueOrder.Fair,
        _ => throw Errors.Invalid(ErrorCodes.InvalidSettings, "queueOrder must be votes or fair."),
    };
}
