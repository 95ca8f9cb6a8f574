namespace Huddle.Core.Application;

/// <summary>Engine timing (SPEC §2). Bound from configuration section <c>Huddle:Engine</c>.</summary>
public sealed class EngineOptions
{
    public TimeSpan HostGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan InactivityTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often due work (autoPlay advance, host migration) is checked.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public IEnumerable<string> Validate()
    {
        if (HostGracePeriod < TimeSpan.Zero || HostGracePeriod > TimeSpan.FromHours(1)) yield return "HostGracePeriod must be 0 to 1 hour.";
        if (InactivityTimeout < TimeSpan.FromSeconds(1)) yield return "InactivityTimeout must be at least 1 second.";
        if (SweepInterval < TimeSpan.FromMilliseconds(10)) yield return "SweepInterval must be at least 10 ms.";
        if (Retention < TimeSpan.Zero) yield return "Retention must not be negative.";
        if (TickInterval < TimeSpan.FromMilliseconds(10) || TickInterval > TimeSpan.FromMinutes(1)) yield return "TickInterval must be 10 ms to 1 minute.";
    }
}
