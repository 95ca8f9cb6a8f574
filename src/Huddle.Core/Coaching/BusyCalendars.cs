namespace Huddle.Core.Coaching;

/// <summary>
/// A coach's external calendar (Google, Outlook, iCloud… "secret address in iCal format"): its busy times block
/// slots. The <see cref="Url"/> usually carries a secret token, so it goes to nobody but the fetcher: the coach
/// sees <see cref="MaskedUrl"/>, logs see the id. The last fetch's outcome is kept so the coach sees a broken feed.
/// </summary>
public sealed record BusyCalendar(
    Guid Id, Guid CoachId, string Url, DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt = null, DateTimeOffset? LastSuccessAt = null, string? LastError = null, int? BusyCount = null)
{
    public BusyCalendarStatus Status => LastAttemptAt is null ? BusyCalendarStatus.Pending
        : LastError is null ? BusyCalendarStatus.Ok : BusyCalendarStatus.Failing;

    public string MaskedUrl => BusyCalendarUrls.Mask(Url);
}

public enum BusyCalendarStatus
{
    /// <summary>Not fetched yet.</summary>
    Pending,

    /// <summary>The last fetch read the feed.</summary>
    Ok,

    /// <summary>The last fetch failed (unreachable, too slow, too large, not a calendar): its times block nothing.</summary>
    Failing,
}

/// <summary>One fetch's outcome, as the coach sees it: when, whether it worked, why not, and how many busy times it found.</summary>
public sealed record BusyCalendarFetch(DateTimeOffset At, string? Error, int? BusyCount);

/// <summary>A coach's own video link and external busy calendars (migration 0016).</summary>
public interface ICoachCalendarStore
{
    /// <summary>The coach's default meeting link, or null (sessions then get a generated room).</summary>
    Task<string?> MeetingLinkAsync(Guid coachId, CancellationToken ct);

    /// <summary>Sets the link; null removes it.</summary>
    Task SetMeetingLinkAsync(Guid coachId, string? url, DateTimeOffset at, CancellationToken ct);

    /// <summary>Adds the calendar unless the coach already has <paramref name="maxPerCoach"/>; false then.</summary>
    Task<bool> AddBusyCalendarAsync(BusyCalendar calendar, int maxPerCoach, CancellationToken ct);

    /// <summary>The coach's calendars, oldest first.</summary>
    Task<IReadOnlyList<BusyCalendar>> BusyCalendarsAsync(Guid coachId, CancellationToken ct);

    /// <summary>Removes the coach's calendar; false when the coach has none with this id.</summary>
    Task<bool> DeleteBusyCalendarAsync(Guid coachId, Guid id, CancellationToken ct);

    /// <summary>Records a fetch's outcome (a success also sets the last success time).</summary>
    Task RecordFetchAsync(Guid id, BusyCalendarFetch fetch, CancellationToken ct);
}

/// <summary>
/// When a coach is busy elsewhere. Slots there are not offered and a booking there is refused
/// (<c>calendar_busy</c>); a feed that cannot be read contributes nothing, so it never blocks booking.
/// </summary>
public interface IExternalBusyTimes
{
    /// <summary>The coach's external busy intervals that overlap [from, to).</summary>
    Task<IReadOnlyList<TimeInterval>> BusyAsync(Guid coachId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}

/// <summary>Where a busy calendar may be fetched from: the webhooks' URL and SSRF rules, https only (webcal:// is read as https://).</summary>
public static class BusyCalendarUrls
{
    public static Uri Parse(string? url, bool allowPrivate, bool allowHttp)
    {
        // Apple and others hand out webcal:// addresses: the same resource over https.
        if (url is not null && url.StartsWith("webcal://", StringComparison.OrdinalIgnoreCase)) url = "https://" + url["webcal://".Length..];
        return WebhookTargets.Parse(url, allowPrivate, allowHttp,
            message => Errors.Invalid(ErrorCodes.InvalidCalendarUrl, message),
            why => Errors.Invalid(ErrorCodes.CalendarTargetRefused, $"A calendar may only be fetched from a public address: {why}"));
    }

    /// <summary>
    /// What the coach is shown: scheme and host only. The path and query of a private calendar address are its
    /// secret (Google's <c>/private-…/basic.ics</c>, iCloud's <c>/published/2/…</c>), so no part of them is shown.
    /// </summary>
    public static string Mask(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "…";
}

/// <summary>A coach's own default video link (Zoom, Meet, Teams, Whereby…): shown to both parties instead of the generated room.</summary>
public static class MeetingLinkRules
{
    public const int MaxLength = 500;

    /// <summary>The link to store, null to remove it (null or empty), or <c>invalid_meeting_link</c>.</summary>
    public static string? Parse(string? url)
    {
        if (string.IsNullOrEmpty(url)) return null;
        if (url.Length > MaxLength) throw Invalid($"The link must be at most {MaxLength} characters.");
        // Any host is fine (a video server on the LAN too): the server never fetches it, it only shows it.
        return WebhookTargets.Parse(url, allowPrivate: true, httpAllowed: false, Invalid, Invalid).AbsoluteUri;
    }

    private static HuddleException Invalid(string message) => Errors.Invalid(ErrorCodes.InvalidMeetingLink, $"Meeting link: {message}");
}
