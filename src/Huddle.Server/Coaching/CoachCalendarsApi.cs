using Huddle.Core;
using Huddle.Core.Coaching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

public sealed record MeetingLinkRequest(string? Url);

public sealed record MeetingLinkDto(string? Url);

public sealed record BusyCalendarRequest(string? Url);

/// <summary>An external calendar as its coach sees it: the address masked (its path is the secret), and how the last fetch went.</summary>
public sealed record BusyCalendarDto(
    Guid Id, string Url, string Status, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? LastSuccessAt,
    string? LastError, int? BusyCount);

/// <summary>
/// A coach's own video link (<c>/api/coaches/me/meeting-link</c>) and external busy calendars
/// (<c>/api/coaches/me/busy-calendars</c>): the coach's own settings, so every route is for the coach role and
/// acts on the caller's own rows (another coach's calendar is <c>busy_calendar_not_found</c>).
/// </summary>
public static class CoachCalendarsApi
{
    public static IEndpointRouteBuilder MapCoachCalendars(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/coaches/me").WithTags("Coaching").RequireAuthorization(CoachingPolicies.Coach)
            .ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/meeting-link", GetMeetingLink);
        group.MapPut("/meeting-link", SetMeetingLink).ProducesProblem(400);
        group.MapGet("/busy-calendars", List);
        group.MapPost("/busy-calendars", Add).ProducesProblem(400).ProducesProblem(409);
        group.MapDelete("/busy-calendars/{id:guid}", Delete).ProducesProblem(404);
        return app;
    }

    private static async Task<Ok<MeetingLinkDto>> GetMeetingLink(HttpContext http, ICoachCalendarStore store, CancellationToken ct) =>
        TypedResults.Ok(new MeetingLinkDto(await store.MeetingLinkAsync(AccountService.AccountId(http.User), ct)));

    private static async Task<Ok<MeetingLinkDto>> SetMeetingLink(
        MeetingLinkRequest? request, HttpContext http, ICoachCalendarStore store, TimeProvider time, CancellationToken ct)
    {
        if (request is null) throw Errors.InvalidInput("Send {url} (null or empty: use the generated video room).");
        var url = MeetingLinkRules.Parse(request.Url);
        var coach = AccountService.AccountId(http.User);
        await store.SetMeetingLinkAsync(coach, url, time.GetUtcNow(), ct);
        return TypedResults.Ok(new MeetingLinkDto(await store.MeetingLinkAsync(coach, ct)));
    }

    private static async Task<Ok<List<BusyCalendarDto>>> List(HttpContext http, ICoachCalendarStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.BusyCalendarsAsync(AccountService.AccountId(http.User), ct)).Select(ToDto).ToList());

    private static async Task<Created<BusyCalendarDto>> Add(
        BusyCalendarRequest? request, HttpContext http, ICoachCalendarStore store, BusyCalendarFetcher fetcher, ICoachingNotices notices,
        IOptions<BusyCalendarOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (request is null) throw Errors.InvalidInput("Send {url}: the calendar's secret address in iCal format.");
        var o = options.Value;
        var url = BusyCalendarUrls.Parse(request.Url, o.AllowPrivateTargets, o.AllowHttp);
        var calendar = new BusyCalendar(Guid.NewGuid(), AccountService.AccountId(http.User), url.AbsoluteUri, time.GetUtcNow());
        if (!await store.AddBusyCalendarAsync(calendar, o.MaxPerCoach, ct))
            throw Errors.Conflict(ErrorCodes.TooManyBusyCalendars, $"At most {o.MaxPerCoach} calendars each: remove one first.");

        // Read it at once, so the coach sees straight away whether the address works (a failure is a status, not an error).
        calendar = await fetcher.RefreshAsync(calendar, ct);
        await notices.AvailabilityChangedAsync(calendar.CoachId, ct);
        return TypedResults.Created($"/api/coaches/me/busy-calendars/{calendar.Id}", ToDto(calendar));
    }

    private static async Task<NoContent> Delete(
        Guid id, HttpContext http, ICoachCalendarStore store, BusyCalendarFetcher fetcher, ICoachingNotices notices, CancellationToken ct)
    {
        var coach = AccountService.AccountId(http.User);
        if (!await store.DeleteBusyCalendarAsync(coach, id, ct))
            throw new HuddleException(ErrorCodes.BusyCalendarNotFound, "You have no calendar with this id.", ErrorKind.NotFound);
        fetcher.Forget(id);
        await notices.AvailabilityChangedAsync(coach, ct);
        return TypedResults.NoContent();
    }

    private static BusyCalendarDto ToDto(BusyCalendar c) => new(
        c.Id, c.MaskedUrl, c.Status switch
        {
            BusyCalendarStatus.Pending => "pending",
            BusyCalendarStatus.Ok => "ok",
            BusyCalendarStatus.Failing => "failing",
        }, c.CreatedAt, c.LastAttemptAt, c.LastSuccessAt, c.LastError, c.BusyCount);
}
