namespace Huddle.Core.Coaching;

public static class AccountRoles
{
    public const string Client = "client";
    public const string Coach = "coach";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Client, Coach, Admin];
}

/// <summary>
/// A coaching account. The password hash never leaves the server. The security stamp is a random
/// value carried in every token issued to the account: replacing it (sign out everywhere, password
/// change) makes every earlier token invalid at once.
/// </summary>
public sealed record Account(
    Guid Id, string Email, string Name, string PasswordHash, IReadOnlyList<string> Roles,
    string SecurityStamp, DateTimeOffset CreatedAt)
{
    public bool HasRole(string role) => Roles.Contains(role);
}

/// <summary>A coach as the directory shows them: name, zone, bio and availability.</summary>
public sealed record CoachProfile(Guid Id, string Name, string? Bio, CoachAvailability Availability);

public interface IAccountStore
{
    /// <summary>False when the e-mail address is taken (checked by a unique index, not before the insert).</summary>
    Task<bool> CreateAsync(Account account, CancellationToken ct);

    Task<Account?> FindByEmailAsync(string normalizedEmail, CancellationToken ct);

    Task<Account?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>Replaces the password hash (a hash in an outdated format, upgraded at login); the stamp stays.</summary>
    Task UpdatePasswordHashAsync(Guid id, string passwordHash, CancellationToken ct);

    /// <summary>
    /// Replaces the security stamp, and the password hash when one is given, in one statement, but
    /// only while the stamp is still <paramref name="expectedStamp"/>: false when it changed meanwhile
    /// (another sign-out or password change won) or the account is gone.
    /// </summary>
    Task<bool> ReplaceSecurityStampAsync(Guid id, string expectedStamp, string newStamp, string? newPasswordHash, CancellationToken ct);

    /// <summary>Adds a role (idempotent); false when there is no such account.</summary>
    Task<bool> AddRoleAsync(Guid id, string role, CancellationToken ct);

    /// <summary>Removes a role (idempotent); false when there is no such account.</summary>
    Task<bool> RemoveRoleAsync(Guid id, string role, CancellationToken ct);

    /// <summary>
    /// Accounts whose e-mail or name contains <paramref name="text"/> (case-insensitive, matched
    /// literally: <c>%</c> and <c>_</c> are not wildcards), newest first, at most <paramref name="limit"/>.
    /// Empty text: the newest accounts.
    /// </summary>
    Task<IReadOnlyList<Account>> SearchAccountsAsync(string text, int limit, CancellationToken ct);

    Task<IReadOnlyList<CoachProfile>> ListCoachesAsync(CancellationToken ct);

    Task<CoachProfile?> FindCoachAsync(Guid id, CancellationToken ct);

    Task SaveCoachProfileAsync(Guid id, CoachAvailability availability, string? bio, CancellationToken ct);
}

/// <summary>A booking's idempotency: the client's key and a hash of what it asked for.</summary>
public sealed record IdempotencyKey(Guid AccountId, string Key, string RequestHash);

public enum BookingResult
{
    Booked,

    /// <summary>The same key and request were seen before: the stored session is the answer.</summary>
    Replayed,

    /// <summary>The same key came with a different request.</summary>
    KeyReused,
    CoachBusy,
    ClientBusy,
}

public sealed record BookingOutcome(BookingResult Result, CoachingSession? Session);

public interface ICoachingStore
{
    /// <summary>
    /// Inserts the session and its audit entry, and the idempotency key if any, in one transaction.
    /// The database refuses an overlap with another slot-holding session of the coach or of the
    /// client, so concurrent requests for one slot book it exactly once.
    /// </summary>
    Task<BookingOutcome> BookAsync(CoachingSession session, CoachingAudit audit, IdempotencyKey? key, CancellationToken ct);

    /// <summary>The booking an earlier request with this key made, and that request's hash.</summary>
    Task<(string RequestHash, CoachingSession Session)?> FindIdempotentAsync(Guid accountId, string key, CancellationToken ct);

    Task<CoachingSession?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>Sessions where the account is coach or client (all sessions when null), newest first.</summary>
    Task<IReadOnlyList<CoachingSession>> ListAsync(Guid? accountId, CancellationToken ct);

    /// <summary>Intervals of the coach's slot-holding sessions that overlap [from, to).</summary>
    Task<IReadOnlyList<TimeInterval>> BusyAsync(Guid coachId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>Stores After if the session is still at Before's version (with the audit entry); false when it moved.</summary>
    Task<bool> TransitionAsync(CoachingTransition transition, CancellationToken ct);

    Task<IReadOnlyList<CoachingAudit>> AuditAsync(Guid sessionId, CancellationToken ct);

    /// <summary>Sessions starting in [from, to) that charged the client a fee (late cancellation or late reschedule), oldest first.</summary>
    Task<IReadOnlyList<CoachingSession>> ChargedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}

/// <summary>Tells watchers about changes after they are committed (the hub in-process; NOTIFY across nodes).</summary>
public interface ICoachingNotices
{
    /// <summary>A session was booked or changed state: both parties hear it, and the coach's watchers when its slot was taken or freed.</summary>
    Task BookingChangedAsync(CoachingSession session, CancellationToken ct);

    /// <summary>The coach edited their windows.</summary>
    Task AvailabilityChangedAsync(Guid coachId, CancellationToken ct);
}

/// <summary>
/// The live room of a coaching session in progress (SPEC §3.4): an engine session with the
/// booking's id, opened when the session starts and ended when it completes.
/// </summary>
public interface ICoachingRooms
{
    /// <summary>
    /// Brings the room in line with the booking after a transition: open (idempotent) while in
    /// progress, ended once completed. Returns the booking with its room's code.
    /// </summary>
    Task<CoachingSession> FollowAsync(CoachingSession session, CancellationToken ct);

    /// <summary>The booking with its room's code while in progress (opening the room if a crash left it unopened).</summary>
    Task<CoachingSession> WithRoomAsync(CoachingSession session, CancellationToken ct);
}
