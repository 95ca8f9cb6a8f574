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

/// <summary><c>Coaching</c>: the lifecycle's money and account-safety knobs.</summary>
public sealed class CoachingOptions
{
    /// <summary>Charged to a client who cancels less than 24 hours before the start.</summary>
    public long LateCancellationFeeCents { get; set; } = 2500;

    public string Currency { get; set; } = "USD";

    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<string> Validate()
    {
        if (LateCancellationFeeCents is < 0 or > 10_000_000) yield return "LateCancellationFeeCents must be 0 to 10,000,000.";
        if (Currency is not { Length: 3 } || !Currency.All(char.IsAsciiLetterUpper)) yield return "Currency must be an ISO 4217 code such as USD.";
        if (LockoutThreshold is < 1 or > 100) yield return "LockoutThreshold must be 1 to 100.";
        if (LockoutDuration < TimeSpan.FromSeconds(1) || LockoutDuration > TimeSpan.FromDays(1)) yield return "LockoutDuration must be 1 second to 1 day.";
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
