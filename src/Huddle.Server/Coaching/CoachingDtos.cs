using Huddle.Core.Coaching;

namespace Huddle.Server.Coaching;

// Wire shapes of the coaching kind (SPEC §3.4, §5.4 coachingSession). Times are ISO 8601 in UTC.

public sealed record RegisterRequest(string? Email, string? Password, string? Name);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record AccountDto(Guid Id, string Email, string Name, IReadOnlyList<string> Roles);

public sealed record TokenDto(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, AccountDto Account);

public sealed record GrantRoleRequest(string? Role);

/// <summary>An account as the admin's people search shows it (never the password hash).</summary>
public sealed record AdminAccountDto(Guid Id, string Email, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);

public sealed record PersonDto(Guid Id, string Name);

/// <summary>A directory entry; <c>nextFreeSlot</c> is the first free slot of the asked length in the next 14 days (null: none).</summary>
public sealed record CoachDto(Guid Id, string Name, string? Bio, string TimeZone, SlotDto? NextFreeSlot);

public sealed record AvailabilityRequest(string? TimeZone, List<WindowDocument>? Windows, List<ExceptionDocument>? Exceptions, string? Bio);

/// <summary>A coach's availability; <c>lengths</c> are the session lengths they offer (empty: any), for the booking form.</summary>
public sealed record AvailabilityDto(
    Guid CoachId, string TimeZone, List<WindowDocument> Windows, List<ExceptionDocument> Exceptions, string? Bio, IReadOnlyList<int>? Lengths = null);

public sealed record SlotDto(DateTimeOffset Start, DateTimeOffset End);

public sealed record BookRequest(string? Title, string? Description, string? ScheduledAt, int? DurationMinutes, Guid? CoachId);

public sealed record CompleteRequest(string? Notes, int? Rating, string? Feedback, List<string>? ActionItems);

public sealed record CancelRequest(string? Reason, string? CancellationType, bool? RefundRequested, long? ExpectedFeeCents = null);

public sealed record CancellationDto(string Reason, string By, long FeeCents, string Currency, string? CancellationType, bool RefundRequested);

public sealed record CancellationPreviewDto(long FeeCents, string Currency, bool Late, int LateWindowHours, string By);

public sealed record AuditDto(DateTimeOffset At, Guid ActorId, string ActorRole, string? From, string To, string Action, string? Reason);

public sealed record CoachingSessionDto(
    Guid Id, string? Code, string Title, string? Description, DateTimeOffset ScheduledAt, DateTimeOffset EndsAt, int DurationMinutes,
    PersonDto Coach, PersonDto Client, string Status, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt,
    DateTimeOffset? CancelledAt, string? Notes, int? Rating, string? Feedback, IReadOnlyList<string>? ActionItems,
    CancellationDto? Cancellation, int Version, long RescheduleFeeCents = 0, DateTimeOffset? MissedAt = null)
{
    /// <summary>From when <c>POST …/start</c> succeeds (scheduled sessions only): clients offer Start from then.</summary>
    public DateTimeOffset? StartOpensAt { get; init; }

    /// <summary>The video link (the coach's own, or the generated room) while scheduled or in progress; only <c>GET /api/sessions/{id}</c> carries it.</summary>
    public string? MeetingLink { get; init; }

    /// <summary>The recurring series this session is an occurrence of (null: a single booking).</summary>
    public Guid? SeriesId { get; init; }

    /// <summary>The fee charged when the coach marked the client a no-show.</summary>
    public long NoShowFeeCents { get; init; }
}

/// <summary>Hub event <c>bookingChanged</c>: a session of yours was booked or changed state.</summary>
public sealed record BookingChangedEvent(int Version, CoachingSessionDto Session);

/// <summary>
/// Hub event <c>availabilityChanged</c> to a coach's watchers: <c>change</c> is <c>booked</c> (the
/// interval is no longer free), <c>freed</c> (it may be free again) or <c>updated</c> (the coach
/// edited their windows: refetch).
/// </summary>
public sealed record AvailabilityChangedEvent(Guid CoachId, string Change, DateTimeOffset? Start, DateTimeOffset? End, long At);

public static class CoachingMapping
{
    public static AccountDto ToDto(this Account a) => new(a.Id, a.Email, a.Name, a.Roles);

    public static AdminAccountDto ToAdminDto(this Account a) => new(a.Id, a.Email, a.Name, a.Roles, a.CreatedAt);

    public static TokenDto ToDto(this IssuedToken t) => new(t.AccessToken, "Bearer", t.ExpiresAt, t.Account.ToDto());

    public static CoachDto ToDto(this CoachProfile c, TimeInterval? nextFree) =>
        new(c.Id, c.Name, c.Bio, c.Availability.TimeZone.Id, nextFree is { } n ? new SlotDto(n.Start, n.End) : null);

    public static AvailabilityDto ToAvailabilityDto(this CoachProfile c)
    {
        var doc = AvailabilityDocument.Of(c.Availability);
        return new(c.Id, doc.TimeZone, doc.Windows, doc.Exceptions, c.Bio);
    }

    public static AuditDto ToDto(this CoachingAudit a) => new(
        a.At, a.ActorId, CoachingNames.Of(a.ActorParty), a.From is { } f ? CoachingNames.Of(f) : null, CoachingNames.Of(a.To), a.Action, a.Reason);

    /// <summary>Maps sessions, looking each account's name up once.</summary>
    public static async Task<List<CoachingSessionDto>> ToDtosAsync(
        this IEnumerable<CoachingSession> sessions, IAccountStore accounts, string currency, CancellationToken ct)
    {
        var names = new Dictionary<Guid, string>();
        var result = new List<CoachingSessionDto>();
        foreach (var s in sessions)
        {
            result.Add(s.ToDto(await NameAsync(s.CoachId), await NameAsync(s.ClientId), currency));
        }

        return result;

        async Task<string> NameAsync(Guid id)
        {
            if (!names.TryGetValue(id, out var name))
                names[id] = name = (await accounts.FindAsync(id, ct))?.Name ?? "(deleted)";
            return name;
        }
    }

    public static async Task<CoachingSessionDto> ToDtoAsync(this CoachingSession s, IAccountStore accounts, string currency, CancellationToken ct) =>
        (await new[] { s }.ToDtosAsync(accounts, currency, ct))[0];

    private static CoachingSessionDto ToDto(this CoachingSession s, string coachName, string clientName, string currency) => new(
        s.Id, s.RoomCode, s.Title, s.Description, s.ScheduledAt, s.EndsAt, s.DurationMinutes,
        new PersonDto(s.CoachId, coachName), new PersonDto(s.ClientId, clientName), CoachingNames.Of(s.Status),
        s.StartedAt, s.CompletedAt, s.CancelledAt, s.Notes, s.Rating, s.Feedback, s.ActionItems,
        s.Cancellation is { } c
            ? new CancellationDto(c.Reason, CoachingNames.Of(c.By), c.FeeCents, currency, c.CancellationType, c.RefundRequested)
            : null,
        s.Version, s.RescheduleFeeCents, s.MissedAt)
    {
        StartOpensAt = s.StartOpensAt(CoachingPolicy.DefaultStartWindow), SeriesId = s.SeriesId, NoShowFeeCents = s.NoShowFeeCents,
    };
}
