using System.Security.Claims;
using System.Text;
using Huddle.Core;
using Huddle.Core.Coaching;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Huddle.Server.Coaching;

public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt, Account Account);

/// <summary>A login refused: wrong e-mail or password (never says which), or a locked account.</summary>
public sealed class LoginRefusedException(string code, string message, TimeSpan? retryAfter) : Exception(message)
{
    public string Code { get; } = code;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Registration, login with lockout, role grants and JWT issue. Passwords are hashed by ASP.NET
/// Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, versioned, rehashed on upgrade).
/// </summary>
public sealed partial class AccountService(
    IAccountStore accounts, IOptions<JwtOptions> jwt, IOptions<CoachingOptions> options, TimeProvider time, ILogger<AccountService> log)
{
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;

    private static readonly PasswordHasher<Account> Hasher = new();

    // Compared against when the e-mail is unknown, so a miss costs the same time as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not-a-real-password-0");

    public static string NormalizeEmail(string? email)
    {
        var e = email?.Trim().ToLowerInvariant() ?? "";
        var at = e.IndexOf('@', StringComparison.Ordinal);
        if (e.Length is < 3 or > 254 || at < 1 || at != e.LastIndexOf('@') || at == e.Length - 1 || e.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw Errors.Invalid("invalid_email", "Enter a valid e-mail address.");
        return e;
    }

    public async Task<Account> CreateAsync(string? email, string? password, string? name, IReadOnlyList<string> roles, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        ValidatePassword(password);
        var display = name?.Trim();
        if (string.IsNullOrEmpty(display)) display = normalized[..normalized.IndexOf('@', StringComparison.Ordinal)];
        if (display.Length > 40 || display.Any(char.IsControl)) throw Errors.Invalid("invalid_name", "The name is at most 40 characters, without control characters.");
        var account = new Account(Guid.NewGuid(), normalized, display, "", roles, 0, null, time.GetUtcNow());
        account = account with { PasswordHash = Hasher.HashPassword(account, password!) };
        if (!await accounts.CreateAsync(account, ct))
            throw Errors.Conflict("email_taken", "An account with this e-mail address already exists.");
        LogCreated(account.Id, string.Join(',', roles));
        return account;
    }

    public async Task<IssuedToken> LoginAsync(string? email, string? password, CancellationToken ct)
    {
        string normalized;
        try
        {
            normalized = NormalizeEmail(email);
        }
        catch (HuddleException)
        {
            throw Refused();
        }

        var account = await accounts.FindByEmailAsync(normalized, ct);
        var now = time.GetUtcNow();
        if (account?.LockedUntil is { } until && until > now)
            throw new LoginRefusedException("account_locked", "Too many failed attempts: this account is locked for a while.", until - now);
        var verdict = Hasher.VerifyHashedPassword(account!, account?.PasswordHash ?? DummyHash, password ?? "");
        if (account is null) throw Refused();
        if (verdict == PasswordVerificationResult.Failed)
        {
            var o = options.Value;
            await accounts.RecordLoginFailureAsync(account.Id, o.LockoutThreshold, now + o.LockoutDuration, ct);
            LogFailed(account.Id);
            throw Refused();
        }

        await accounts.ResetLoginFailuresAsync(account.Id, ct);
        return Issue(account);
    }

    public IssuedToken Issue(Account account)
    {
        var o = jwt.Value;
        // Tokens are checked by the bearer handler against the real clock, so they are issued by it too
        // (a test's fake clock moves business time, not token lifetimes).
        var now = TimeProvider.System.GetUtcNow();
        var expires = now + o.AccessTokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = account.Id.ToString(),
            [JwtRegisteredClaimNames.Email] = account.Email,
            ["name"] = account.Name,
            ["role"] = account.Roles.ToArray(),
        };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer, Audience = o.Audience, Claims = claims,
            IssuedAt = now.UtcDateTime, NotBefore = now.UtcDateTime, Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(o), SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires, account);
    }

    public static SymmetricSecurityKey SigningKey(JwtOptions o) => new(Encoding.UTF8.GetBytes(o.SigningKey!));

    /// <summary>The actor behind a validated token (roles were refreshed from the database on validation).</summary>
    public static CoachingActor Actor(ClaimsPrincipal user) =>
        new(AccountId(user), user.IsInRole(AccountRoles.Admin));

    public static Guid AccountId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id) ? id : throw Errors.NotAllowed("Sign in first.");

    private static void ValidatePassword(string? password)
    {
        if (password is null || password.Length < PasswordMinLength || password.Length > PasswordMaxLength)
            throw Errors.Invalid("weak_password", $"The password must be {PasswordMinLength} to {PasswordMaxLength} characters.");
        if (password.Distinct().Count() < 4) throw Errors.Invalid("weak_password", "The password is too simple.");
    }

    private static LoginRefusedException Refused() => new("invalid_credentials", "Wrong e-mail or password.", null);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Account {AccountId} created with roles {Roles}")]
    private partial void LogCreated(Guid accountId, string roles);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Failed login for account {AccountId}")]
    private partial void LogFailed(Guid accountId);
}
