namespace Huddle.Server.Realtime;

// Every SignalR group name the hub uses is made here, and only here: the outbox recognises a session's
// groups by the same prefix that makes them, and a new kind of group cannot collide with an old one.
// Group names are per node (in-memory lifetime manager), never stored and never sent to clients.

/// <summary>A session's participants: <c>session:{id}</c>, and <c>session:{id}:{sub-group}</c> for a part of them.</summary>
public static class SessionGroups
{
    private const string Prefix = "session:";

    public static string Of(Guid sessionId) => $"{Prefix}{sessionId:N}";

    /// <summary>
    /// The session group a group name belongs to (a sub-group shares its session's), or null for a
    /// group that is not a session's. <see cref="SessionOutbox{THub}"/> keeps one send queue per session.
    /// </summary>
    public static string? SessionOf(string groupName)
    {
        if (!groupName.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var end = groupName.IndexOf(':', Prefix.Length);
        return end < 0 ? groupName : groupName[..end];
    }
}

/// <summary>Coaching notices: an account's own connections, a coach's watchers, the coach directory.</summary>
public static class CoachingGroups
{
    public static string Account(Guid accountId) => $"account:{accountId:N}";

    public static string CoachWatchers(Guid coachId) => $"coach:{coachId:N}";

    /// <summary>Whoever views the coach directory: every coach's availabilityChanged (to refresh "next free").</summary>
    public const string Directory = "coaches";
}
