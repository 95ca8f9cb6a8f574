using Huddle.Core.Sessions;

namespace Huddle.Core.Application;

/// <summary>Engine timing (SPEC §2). Bound from configuration section <c>Huddle:Engine</c>.</summary>
public sealed class EngineOptions
{
    public TimeSpan HostGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan InactivityTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A session with people present but no commit for this long also ends as inactive (a tab left open
    /// on a projector); zero turns that off. Long enough for a film in a watch party.
    /// </summary>
    public TimeSpan PresentIdleTimeout { get; set; } = TimeSpan.FromHours(3);

    /// <summary>How long before <see cref="PresentIdleTimeout"/> the people present get <c>sessionExpiring</c>.</summary>
    public TimeSpan ExpiryWarning { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often due work (autoPlay advance, host migration) is checked.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>This process's name among the nodes sharing a database; unique per start by default.</summary>
    public string NodeId { get; set; } = Secrets.NewId("n_");

    /// <summary>How often this node records that it is alive and looks for dead nodes.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A node silent this long is dead: its connections are dropped and presence recomputed.</summary>
    public TimeSpan NodeExpiry { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<string> Validate()
    {
        if (HostGracePeriod < TimeSpan.Zero || HostGracePeriod > TimeSpan.FromHours(1)) yield return "HostGracePeriod must be 0 to 1 hour.";
        if (InactivityTimeout < TimeSpan.FromSeconds(1)) yield return "InactivityTimeout must be at least 1 second.";
        if (SweepInterval < TimeSpan.FromMilliseconds(10)) yield return "SweepInterval must be at least 10 ms.";
        if (PresentIdleTimeout < TimeSpan.Zero) yield return "PresentIdleTimeout must not be negative (0 turns it off).";
        if (PresentIdleTimeout > TimeSpan.Zero && (ExpiryWarning <= TimeSpan.Zero || ExpiryWarning >= PresentIdleTimeout))
            yield return "ExpiryWarning must be more than 0 and less than PresentIdleTimeout.";
        if (Retention < TimeSpan.Zero) yield return "Retention must not be negative.";
        if (TickInterval < TimeSpan.FromMilliseconds(10) || TickInterval > TimeSpan.FromMinutes(1)) yield return "TickInterval must be 10 ms to 1 minute.";
        if (string.IsNullOrWhiteSpace(NodeId) || NodeId.Length > 64) yield return "NodeId must be 1 to 64 characters.";
        if (HeartbeatInterval < TimeSpan.FromMilliseconds(50)) yield return "HeartbeatInterval must be at least 50 ms.";
        if (NodeExpiry < HeartbeatInterval * 2) yield return "NodeExpiry must be at least twice HeartbeatInterval.";
    }
}
