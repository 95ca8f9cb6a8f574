namespace Huddle.Server.Coaching;

/// <summary><c>Huddle:BusyCalendars</c>: how coaches' external calendars are fetched (see docs/coaching.md, External busy calendars).</summary>
public sealed class BusyCalendarOptions
{
    /// <summary>
    /// Let feeds be fetched from loopback, private, link-local and other non-public addresses. Off by default: a
    /// coach's URL must not become a way into the server's own network (SSRF). On for tests and LAN-only setups.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Accept plain http:// feeds (tests, a LAN calendar server). Off: https only, as the token in the URL deserves.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>How long a fetched feed (or a failed fetch) is used before it is fetched again.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>One fetch (connect, send, read the whole feed) at most this long.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A feed larger than this is refused (and blocks nothing).</summary>
    public int MaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>External calendars per coach.</summary>
    public int MaxPerCoach { get; set; } = 5;

    public IEnumerable<string> Validate()
    {
        if (CacheDuration < TimeSpan.FromSeconds(10) || CacheDuration > TimeSpan.FromDays(1)) yield return "CacheDuration must be 10 seconds to 1 day.";
        if (Timeout < TimeSpan.FromMilliseconds(100) || Timeout > TimeSpan.FromMinutes(1)) yield return "Timeout must be 0.1 second to 1 minute.";
        if (MaxBytes is < 1024 or > 64 * 1024 * 1024) yield return "MaxBytes must be 1 KiB to 64 MiB.";
        if (MaxPerCoach is < 1 or > 50) yield return "MaxPerCoach must be 1 to 50.";
    }
}
