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
    MatchRule MatchRule = MatchRule.All)
{
    public static SessionSettings Defaults(HuddleLimits limits) =>
        new(true, limits.QueueMaxSize, true, 0.5, true, false, limits.ParticipantsPerSession);

    /// <summary>A kind's defaults: a classroom holds a lecture hall (SPEC §2 limits).</summary>
    public static SessionSettings Defaults(HuddleLimits limits, SessionKind kind) =>
        kind == SessionKind.Classroom
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
            patch.MatchRule is null ? MatchRule : MatchRules.Parse(patch.MatchRule));
        if (next.MaxQueueSize < 1 || next.MaxQueueSize > limits.QueueMaxSize)
            throw Errors.Invalid("invalid_settings", $"maxQueueSize must be between 1 and {limits.QueueMaxSize}.");
        if (double.IsNaN(next.SkipThreshold) || next.SkipThreshold <= 0 || next.SkipThreshold > 1)
            throw Errors.Invalid("invalid_settings", "skipThreshold must be greater than 0 and at most 1.");
        if (next.MaxParticipants < 2 || next.MaxParticipants > limits.ParticipantsHardMax)
            throw Errors.Invalid("invalid_settings", $"maxParticipants must be between 2 and {limits.ParticipantsHardMax}.");
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
    string? MatchRule = null);
