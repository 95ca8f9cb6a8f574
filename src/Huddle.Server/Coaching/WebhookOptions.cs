namespace Huddle.Server.Coaching;

/// <summary><c>Huddle:Webhooks</c>: how coaching webhooks are delivered (see docs/coaching.md, Webhooks).</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Let webhooks reach loopback, private, link-local and other non-public addresses. Off by default: a coach's
    /// URL must not become a way into the server's own network (SSRF). On for tests and LAN-only setups.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How often new booking changes and due retries are looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts before a delivery is failed (the owner can replay it).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure, doubled after each further one, at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>One delivery (connect, send, read the answer's first bytes) at most this long.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Webhooks per coach (and for the admins together).</summary>
    public int MaxPerOwner { get; set; } = 10;

    public IEnumerable<string> Validate()
    {
        if (PollInterval < TimeSpan.FromSeconds(1) || PollInterval > TimeSpan.FromHours(1)) yield return "PollInterval must be 1 second to 1 hour.";
        if (MaxAttempts is < 1 or > 50) yield return "MaxAttempts must be 1 to 50.";
        if (FirstRetryDelay < TimeSpan.FromSeconds(1) || FirstRetryDelay > MaxRetryDelay) yield return "FirstRetryDelay must be at least 1 second and at most MaxRetryDelay.";
        if (MaxRetryDelay > TimeSpan.FromDays(1)) yield return "MaxRetryDelay must be at most 1 day.";
        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(1)) yield return "Timeout must be 1 second to 1 minute.";
        if (MaxPerOwner is < 1 or > 100) yield return "MaxPerOwner must be 1 to 100.";
    }
}
