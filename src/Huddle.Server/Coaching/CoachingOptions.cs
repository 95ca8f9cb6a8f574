using System.Text;

namespace Huddle.Server.Coaching;

/// <summary><c>Jwt</c>: the access tokens' signing key (HMAC-SHA256) and lifetime.</summary>
public sealed class JwtOptions
{
    public const int MinKeyBytes = 32;

    /// <summary>
    /// Env <c>Jwt__SigningKey</c>. Unset on SQLite: generated on first start into the data folder
    /// (<see cref="SigningKeyFile"/>). Required in Production on PostgreSQL, where nodes share it.
    /// </summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "huddle";

    public string Audience { get; set; } = "huddle";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(SigningKey))
            yield return "SigningKey is missing: with Storage:Provider=Postgres every node must sign with the same key. Set Jwt__SigningKey to a random secret of at least 32 bytes (e.g. `openssl rand -base64 48`) on every node.";
        else if (Encoding.UTF8.GetByteCount(SigningKey) < MinKeyBytes)
            yield return $"SigningKey is too short: it needs at least {MinKeyBytes} bytes (e.g. `openssl rand -base64 48`).";
        if (AccessTokenLifetime < TimeSpan.FromMinutes(1) || AccessTokenLifetime > TimeSpan.FromDays(30))
            yield return "AccessTokenLifetime must be between 1 minute and 30 days.";
        if (string.IsNullOrWhiteSpace(Issuer) || string.IsNullOrWhiteSpace(Audience)) yield return "Issuer and Audience cannot be empty.";
    }
}

/// <summary><c>Coaching</c>: the lifecycle's money knobs.</summary>
public sealed class CoachingOptions
{
    /// <summary>Charged to a client who cancels less than 24 hours before the start.</summary>
    public long LateCancellationFeeCents { get; set; } = 2500;

    /// <summary>Charged to a client the coach marks a no-show (0: none).</summary>
    public long NoShowFeeCents { get; set; } = 2500;

    public string Currency { get; set; } = "USD";

    /// <summary>How often each node closes overdue sessions (never started, left in progress); zero turns the sweep off.</summary>
    public TimeSpan OverdueSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<string> Validate()
    {
        if (OverdueSweepInterval != TimeSpan.Zero && (OverdueSweepInterval < TimeSpan.FromSeconds(1) || OverdueSweepInterval > TimeSpan.FromHours(1)))
            yield return "OverdueSweepInterval must be 00:00:00 (off) or between 1 second and 1 hour.";
        if (LateCancellationFeeCents is < 0 or > 10_000_000) yield return "LateCancellationFeeCents must be 0 to 10,000,000.";
        if (NoShowFeeCents is < 0 or > 10_000_000) yield return "NoShowFeeCents must be 0 to 10,000,000.";
        if (Currency is not { Length: 3 } || !Currency.All(char.IsAsciiLetterUpper)) yield return "Currency must be an ISO 4217 code such as USD.";
    }
}

/// <summary>
/// <c>Coaching:LoginThrottle</c>: how password guessing is slowed, per client address (IPv6: per /64).
/// Failures for one e-mail from one address are free up to <see cref="FreeFailuresPerAccountAndIp"/>,
/// failures from one address over all e-mails up to <see cref="FreeFailuresPerIp"/>; past either, each
/// further attempt waits <see cref="FirstDelay"/>, doubled per failure, at most <see cref="MaxDelay"/>.
/// Every address also has a budget of <see cref="LoginsPerIp"/> password checks per <see cref="IpWindow"/>.
/// No account is ever locked for everyone: its owner signs in from another address.
/// </summary>
public sealed class LoginThrottleOptions
{
    public int FreeFailuresPerAccountAndIp { get; set; } = 5;

    public int FreeFailuresPerIp { get; set; } = 20;

    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    public int LoginsPerIp { get; set; } = 20;

    public TimeSpan IpWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failures older than this (since the last attempt) are forgotten.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(1);

    public IEnumerable<string> Validate()
    {
        if (FreeFailuresPerAccountAndIp is < 1 or > 1000) yield return "FreeFailuresPerAccountAndIp must be 1 to 1,000.";
        if (FreeFailuresPerIp is < 1 or > 100_000) yield return "FreeFailuresPerIp must be 1 to 100,000.";
        if (FirstDelay < TimeSpan.FromMilliseconds(100) || FirstDelay > TimeSpan.FromMinutes(10)) yield return "FirstDelay must be 100 ms to 10 minutes.";
        if (MaxDelay < FirstDelay || MaxDelay > TimeSpan.FromDays(1)) yield return "MaxDelay must be at least FirstDelay and at most 1 day.";
        if (LoginsPerIp is < 1 or > 1_000_000) yield return "LoginsPerIp must be 1 to 1,000,000.";
        if (IpWindow < TimeSpan.FromSeconds(1) || IpWindow > TimeSpan.FromDays(1)) yield return "IpWindow must be 1 second to 1 day.";
        if (ForgetAfter < MaxDelay || ForgetAfter > TimeSpan.FromDays(30)) yield return "ForgetAfter must be at least MaxDelay and at most 30 days.";
    }
}

/// <summary><c>Admin</c>: the first admin, created at start when both are set (idempotent).</summary>
public sealed class AdminBootstrapOptions
{
    public string? BootstrapEmail { get; set; }

    public string? BootstrapPassword { get; set; }

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(BootstrapEmail) != string.IsNullOrEmpty(BootstrapPassword))
            yield return "Set both BootstrapEmail and BootstrapPassword, or neither.";
    }
}
