using MimeKit;

namespace Huddle.Server.Coaching;

/// <summary>
/// <c>Huddle:Mail</c>: the SMTP server coaching e-mail goes through. No <see cref="Host"/>: mail is off
/// (nothing is queued or sent). <see cref="Password"/> is never logged nor echoed in a validation message.
/// </summary>
public sealed class MailOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>The sender, e.g. <c>Huddle &lt;coaching@example.org&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>Require TLS: implicit TLS on port 465, STARTTLS on any other. Off: plain SMTP (a relay on localhost).</summary>
    public bool UseTls { get; set; } = true;

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>How often the outbox is looked at (new bookings, reminders, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before a message is dead (visible to admins, who can requeue it).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure, doubled after each further one, at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>One SMTP conversation (connect, authenticate, send) at most this long.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<string> Validate()
    {
        if (!Enabled) yield break;
        if (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out _))
            yield return "From must be a sender address such as 'Huddle <coaching@example.org>' when Host is set.";
        if (Port is < 1 or > 65535) yield return "Port must be 1 to 65535.";
        if (string.IsNullOrEmpty(User) != string.IsNullOrEmpty(Password)) yield return "Set both User and Password, or neither.";
        if (PollInterval < TimeSpan.FromSeconds(1) || PollInterval > TimeSpan.FromHours(1)) yield return "PollInterval must be 1 second to 1 hour.";
        if (MaxAttempts is < 1 or > 50) yield return "MaxAttempts must be 1 to 50.";
        if (FirstRetryDelay < TimeSpan.FromSeconds(1) || FirstRetryDelay > MaxRetryDelay) yield return "FirstRetryDelay must be at least 1 second and at most MaxRetryDelay.";
        if (MaxRetryDelay > TimeSpan.FromDays(1)) yield return "MaxRetryDelay must be at most 1 day.";
        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(5)) yield return "Timeout must be 1 second to 5 minutes.";
    }
}
