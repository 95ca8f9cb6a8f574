using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text;
using Huddle.Core;
using Huddle.Core.Coaching;
using Huddle.Core.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Huddle.Server.Coaching;

public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt, Account Account);

/// <summary>
/// A login refused. Unknown e-mail, wrong password and a locked account are one answer (same
/// status, code and message, no Retry-After), so the login form does not tell which e-mails exist.
/// </summary>
public sealed class LoginRefusedException() : Exception("Wrong e-mail or password, or too many attempts: check them, or try again later.")
{
    public const string Code = "invalid_credentials";
}

/// <summary>
/// Registration, login with lockout, role grants and JWT issue. Passwords are hashed by ASP.NET
/// Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, versioned); a hash in an older
/// format (or with fewer iterations) is replaced by a current one at the next successful login.
/// </summary>
public sealed partial class AccountService(
    IAccountStore accounts, IOptions<JwtOptions> jwt, IOptions<CoachingOptions> options, TimeProvider time, ILogger<AccountService> log,
    HuddleLimits limits)
{
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;

    public const int NameMaxLength = 40;

    private static readonly PasswordHasher<Account> Hasher = new();

    // Compared against when the e-mail is unknown, so a miss costs the same time as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not-a-real-password-0");

    private readonly UnknownEmailLockout _unknownEmails = new();

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
        // Without a name, the e-mail's local part is the name, under the same rules.
        var display = Validate.Text(
            string.IsNullOrWhiteSpace(name) ? normalized[..normalized.IndexOf('@', StringComparison.Ordinal)] : name,
            "The name", "invalid_name", NameMaxLength, required: true, limits.Text, TextShape.Name)!;
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
            throw new LoginRefusedException();
        }

        var account = await accounts.FindByEmailAsync(normalized, ct);
        var now = time.GetUtcNow();
        // The hash check runs on every path (unknown e-mail, locked account), so timing tells nothing either.
        var verdict = Hasher.VerifyHashedPassword(account!, account?.PasswordHash ?? DummyHash, password ?? "");
        if (account?.LockedUntil is { } until && until > now || _unknownEmails.IsLocked(normalized, now))
            throw new LoginRefusedException();
        var o = options.Value;
        if (account is null)
        {
            // Unknown e-mails lock out like accounts do: otherwise guessing would behave differently for them.
            _unknownEmails.RecordFailure(normalized, now, o.LockoutThreshold, o.LockoutDuration);
            throw new LoginRefusedException();
        }

        if (verdict == PasswordVerificationResult.Failed)
        {
            await accounts.RecordLoginFailureAsync(account.Id, o.LockoutThreshold, now + o.LockoutDuration, ct);
            LogFailed(account.Id);
            throw new LoginRefusedException();
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account = account with { PasswordHash = Hasher.HashPassword(account, password!) };
            await accounts.UpdatePasswordHashAsync(account.Id, account.PasswordHash, ct);
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

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Account {AccountId} created with roles {Roles}")]
    private partial void LogCreated(Guid accountId, string roles);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Failed login for account {AccountId}")]
    private partial void LogFailed(Guid accountId);
}

/// <summary>
/// Failed logins for e-mails that have no account, counted like an account's (threshold in a row,
/// then locked for the lockout duration), in memory on this node. Bounded: past the cap, entries
/// that are neither locked nor recent are dropped first.
/// </summary>
internal sealed class UnknownEmailLockout
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool IsLocked(string email, DateTimeOffset now) =>
        _entries.TryGetValue(email, out var e) && e.LockedUntil is { } until && until > now;

    public void RecordFailure(string email, DateTimeOffset now, int threshold, TimeSpan duration)
    {
        _entries.AddOrUpdate(email,
            _ => Next(new Entry(0, null, now)),
            (_, e) => Next(e with { Failures = e.LockedUntil is { } until && until <= now ? 0 : e.Failures, LockedUntil = null }));
        if (_entries.Count > MaxEntries) Prune(now, duration);

        Entry Next(Entry e) => e.Failures + 1 >= threshold
            ? new Entry(0, now + duration, now)
            : new Entry(e.Failures + 1, e.LockedUntil, now);
    }

    private void Prune(DateTimeOffset now, TimeSpan duration)
    {
        foreach (var (email, e) in _entries)
        {
            if (e.LockedUntil is not { } until ? now - e.LastFailure > duration : until <= now) _entries.TryRemove(email, out _);
        }
    }

    private sealed record Entry(int Failures, DateTimeOffset? LockedUntil, DateTimeOffset LastFailure);
}
