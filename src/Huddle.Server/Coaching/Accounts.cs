using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Huddle.Core;
using Huddle.Core.Coaching;
using Huddle.Core.Sessions;
using Huddle.Server.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Huddle.Server.Coaching;

public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt, Account Account);

/// <summary>
/// A login refused (<c>401 invalid_credentials</c>). Unknown e-mail and wrong password are one answer (same status, code and
/// message), so the login form does not tell which e-mails exist. Too many attempts are a
/// different answer (<c>login_throttled</c>, from <see cref="LoginThrottle"/>), but it comes alike
/// for e-mails with and without an account.
/// </summary>
public static class LoginRefused
{
    public static HuddleException Error() => Errors.Unauthenticated(ErrorCodes.InvalidCredentials, "Wrong e-mail or password.");
}

/// <summary>
/// Registration, login (slowed by <see cref="LoginThrottle"/>), password change, sign-out
/// everywhere and JWT issue. Passwords are hashed by ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> (PBKDF2, versioned); a hash in an older format (or with fewer
/// iterations) is replaced by a current one at the next successful login. Every token carries the
/// account's security stamp (<see cref="StampClaim"/>); replacing the stamp revokes them all.
/// </summary>
public sealed partial class AccountService(
    IAccountStore accounts, IOptions<JwtOptions> jwt, LoginThrottle throttle, TimeProvider time, ILogger<AccountService> log,
    HuddleLimits limits)
{
    /// <summary>The claim that carries the account's security stamp.</summary>
    public const string StampClaim = AccountClaims.Stamp;

    public const int NameMaxLength = Validate.AccountNameMaxLength;

    private static readonly PasswordHasher<Account> Hasher = new();

    // Compared against when the e-mail is unknown, so a miss costs the same time as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not-a-real-password-0");

    public static string NormalizeEmail(string? email)
    {
        var e = email?.Trim().ToLowerInvariant() ?? "";
        var at = e.IndexOf('@', StringComparison.Ordinal);
        if (e.Length is < 3 or > 254 || at < 1 || at != e.LastIndexOf('@') || at == e.Length - 1 || e.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw Errors.Invalid(ErrorCodes.InvalidEmail, "Enter a valid e-mail address.");
        return e;
    }

    public async Task<Account> CreateAsync(string? email, string? password, string? name, IReadOnlyList<string> roles, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        PasswordRules.Check(password, normalized);
        // Without a name, the e-mail's local part is the name, under the same rules.
        var display = Validate.AccountName(
            string.IsNullOrWhiteSpace(name) ? normalized[..normalized.IndexOf('@', StringComparison.Ordinal)] : name, limits.Text);
        var account = new Account(Guid.NewGuid(), normalized, display, "", roles, NewStamp(), time.GetUtcNow());
        account = account with { PasswordHash = Hasher.HashPassword(account, password!) };
        if (!await accounts.CreateAsync(account, ct))
            throw Errors.Conflict(ErrorCodes.EmailTaken, "An account with this e-mail address already exists.");
        LogCreated(account.Id, string.Join(',', roles));
        return account;
    }

    /// <summary>Throws <see cref="LoginRefused"/> (401 <c>invalid_credentials</c>) or <c>login_throttled</c> (429, before the password is checked).</summary>
    public async Task<IssuedToken> LoginAsync(string? email, string? password, IPAddress? ip, CancellationToken ct)
    {
        string normalized;
        try
        {
            normalized = NormalizeEmail(email);
        }
        catch (HuddleException)
        {
            throw LoginRefused.Error();
        }

        var attempt = await throttle.AdmitAsync(normalized, ip, ct);
        var account = await accounts.FindByEmailAsync(normalized, ct);
        // The hash check runs for unknown e-mails too, so timing tells nothing either.
        var verdict = Hasher.VerifyHashedPassword(account!, account?.PasswordHash ?? DummyHash, password ?? "");
        if (account is null) throw LoginRefused.Error();
        if (verdict == PasswordVerificationResult.Failed)
        {
            LogFailed(account.Id);
            throw LoginRefused.Error();
        }

        throttle.Succeeded(attempt);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account = account with { PasswordHash = Hasher.HashPassword(account, password!) };
            await accounts.UpdatePasswordHashAsync(account.Id, account.PasswordHash, ct);
        }

        return Issue(account);
    }

    /// <summary>
    /// Replaces the password after checking the current one (slowed like a login: a stolen token must
    /// not become a way to guess it) and revokes every earlier token; returns a token for this device.
    /// </summary>
    public async Task<IssuedToken> ChangePasswordAsync(ClaimsPrincipal user, string? currentPassword, string? newPassword, IPAddress? ip, CancellationToken ct)
    {
        var account = await accounts.FindAsync(AccountId(user), ct) ?? throw Errors.NotAllowed("This account no longer exists.");
        var attempt = await throttle.AdmitAsync(account.Email, ip, ct);
        if (Hasher.VerifyHashedPassword(account, account.PasswordHash, currentPassword ?? "") == PasswordVerificationResult.Failed)
        {
            LogFailed(account.Id);
            throw Errors.Invalid(ErrorCodes.WrongPassword, "The current password is wrong.");
        }

        throttle.Succeeded(attempt);
        PasswordRules.Check(newPassword, account.Email);
        var changed = account with { PasswordHash = Hasher.HashPassword(account, newPassword!), SecurityStamp = NewStamp() };
        if (!await accounts.ReplaceSecurityStampAsync(account.Id, AccountClaims.StampOf(user), changed.SecurityStamp, changed.PasswordHash, ct))
            throw Revoked();
        LogPasswordChanged(account.Id);
        return Issue(changed);
    }

    /// <summary>Revokes every token of the account, the caller's included.</summary>
    public async Task SignOutEverywhereAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var id = AccountId(user);
        if (!await accounts.ReplaceSecurityStampAsync(id, AccountClaims.StampOf(user), NewStamp(), null, ct)) throw Revoked();
        LogSignedOutEverywhere(id);
    }

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    // The token was checked at the start of the request, so only a sign-out or password change that
    // committed in between gets here: this request's token is already revoked.
    private static HuddleException Revoked() => Errors.NotAllowed("This sign-in was revoked meanwhile: sign in again.");

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
            [StampClaim] = account.SecurityStamp,
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

    [LoggerMessage(EventId = Log.AccountCreated, Level = LogLevel.Information, Message = "Account {AccountId} created with roles {Roles}")]
    private partial void LogCreated(Guid accountId, string roles);

    [LoggerMessage(EventId = Log.LoginFailed, Level = LogLevel.Warning, Message = "Failed login for account {AccountId}")]
    private partial void LogFailed(Guid accountId);

    [LoggerMessage(EventId = Log.PasswordChanged, Level = LogLevel.Information, Message = "Account {AccountId} changed its password; earlier tokens revoked")]
    private partial void LogPasswordChanged(Guid accountId);

    [LoggerMessage(EventId = Log.SignedOutEverywhere, Level = LogLevel.Information, Message = "Account {AccountId} signed out everywhere; earlier tokens revoked")]
    private partial void LogSignedOutEverywhere(Guid accountId);
}
