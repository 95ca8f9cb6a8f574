using System.Globalization;
using Huddle.Core;
using Huddle.Core.Coaching;
using Huddle.Server.Http;
using Huddle.Server.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

/// <summary>
/// Coaches (public directory and availability; a coach edits their own) and coaching sessions
/// (book, list, lifecycle, calendar). Every route declares its policy; ownership (a client or coach
/// sees only their sessions, an admin all) is checked by the session itself in Core.
/// </summary>
public static class CoachingApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapCoaches(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/coaches").WithTags("Coaching");
        group.MapGet("/", ListCoaches).AllowAnonymous().ProducesProblem(400);
        group.MapGet("/me/availability", MyAvailability).RequireAuthorization(CoachingPolicies.Coach).ProducesProblem(401).ProducesProblem(403);
        group.MapPut("/me/availability", SetAvailability).RequireAuthorization(CoachingPolicies.Coach)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/{id:guid}", GetCoach).AllowAnonymous().ProducesProblem(404);
        group.MapGet("/{id:guid}/availability", Availability).AllowAnonymous().ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    public static IEndpointRouteBuilder MapCoachingSessions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions").WithTags("Coaching");
        group.MapPost("/book", Book).RequireAuthorization(CoachingPolicies.Client)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/mine", Mine).RequireAuthorization(CoachingPolicies.Account).ProducesProblem(401);
        group.MapGet("/{id:guid}", Get).RequireAuthorization(CoachingPolicies.Account).ProducesProblem(401).ProducesProblem(404);
        group.MapGet("/{id:guid}/audit", Audit).RequireAuthorization(CoachingPolicies.Account).ProducesProblem(401).ProducesProblem(404);
        group.MapPost("/{id:guid}/start", Start).RequireAuthorization(CoachingPolicies.Account)
            .ProducesProblem(401).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/{id:guid}/complete", Complete).RequireAuthorization(CoachingPolicies.Account)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/{id:guid}/cancellation", CancellationPreview).RequireAuthorization(CoachingPolicies.Account)
            .ProducesProblem(401).ProducesProblem(404);
        group.MapPost("/{id:guid}/cancel", Cancel).RequireAuthorization(CoachingPolicies.Account)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/{id:guid}/calendar.ics", Calendar).RequireAuthorization(CoachingPolicies.Account)
            .Produces(200, contentType: "text/calendar").ProducesProblem(401).ProducesProblem(404);
        // An admin acts on all sessions; "mine" stays the caller's own (an admin is often also a client).
        app.MapGet("/api/admin/coaching-sessions", AllSessions).WithTags("Admin").RequireAuthorization(CoachingPolicies.Admin)
            .ProducesProblem(401).ProducesProblem(403);
        return app;
    }

    private static async Task<Ok<List<CoachDto>>> ListCoaches(int? durationMinutes, CoachingService coaching, CancellationToken ct) =>
        TypedResults.Ok((await coaching.DirectoryAsync(durationMinutes ?? 60, ct)).Select(c => c.Coach.ToDto(c.NextFree)).ToList());

    private static async Task<Ok<AvailabilityDto>> GetCoach(Guid id, IAccountStore accounts, CoachingService coaching, CancellationToken ct) =>
        TypedResults.Ok((await accounts.FindCoachAsync(id, ct) ?? throw CoachingErrors.CoachNotFound()).ToAvailabilityDto()
            with { Lengths = (await coaching.RulesAsync(id, ct)).Lengths });

    private static async Task<Ok<AvailabilityDto>> MyAvailability(HttpContext http, IAccountStore accounts, CancellationToken ct) =>
        TypedResults.Ok((await accounts.FindCoachAsync(AccountService.AccountId(http.User), ct) ?? throw CoachingErrors.CoachNotFound()).ToAvailabilityDto());

    private static async Task<Ok<AvailabilityDto>> SetAvailability(
        AvailabilityRequest request, HttpContext http, CoachingService coaching, CancellationToken ct)
    {
        var availability = new AvailabilityDocument(request.TimeZone ?? "", request.Windows ?? [], request.Exceptions ?? []).ToDomain();
        var profile = await coaching.SetAvailabilityAsync(AccountService.AccountId(http.User), availability, request.Bio, ct);
        return TypedResults.Ok(profile.ToAvailabilityDto());
    }

    private static async Task<Ok<List<SlotDto>>> Availability(
        Guid id, string? from, string? to, int? durationMinutes, CoachingService coaching, CancellationToken ct)
    {
        var start = ParseInstant(from, "from") ?? coaching.Now;
        var end = ParseInstant(to, "to") ?? start.AddDays(7);
        var slots = await coaching.FreeSlotsAsync(id, start, end, durationMinutes ?? 60, ct);
        return TypedResults.Ok(slots.Select(s => new SlotDto(s.Start, s.End)).ToList());
    }

    private static async Task<Created<CoachingSessionDto>> Book(
        BookRequest request, HttpContext http, CoachingService coaching, IAccountStore accounts, IOptions<CoachingOptions> options,
        CancellationToken ct)
    {
        var key = http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var values) ? values.ToString() : null;
        var booking = new BookingRequest(
            request.Title, request.Description, request.ScheduledAt,
            request.DurationMinutes ?? throw Errors.Invalid(ErrorCodes.InvalidDuration, "durationMinutes is required."),
            request.CoachId ?? throw CoachingErrors.CoachNotFound());
        var (session, replayed) = await coaching.BookAsync(AccountService.Actor(http.User), booking, key, ct);
        if (replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/sessions/{session.Id}", await session.ToDtoAsync(accounts, options.Value.Currency, ct));
    }

    private static async Task<Ok<List<CoachingSessionDto>>> Mine(
        HttpContext http, CoachingService coaching, IAccountStore accounts, IOptions<CoachingOptions> options, CancellationToken ct) =>
        TypedResults.Ok(await (await coaching.MineAsync(AccountService.Actor(http.User), ct)).ToDtosAsync(accounts, options.Value.Currency, ct));

    private static async Task<Ok<List<CoachingSessionDto>>> AllSessions(
        CoachingService coaching, IAccountStore accounts, IOptions<CoachingOptions> options, CancellationToken ct) =>
        TypedResults.Ok(await (await coaching.AllAsync(ct)).ToDtosAsync(accounts, options.Value.Currency, ct));

    private static async Task<Ok<CoachingSessionDto>> Get(
        Guid id, HttpContext http, CoachingService coaching, IAccountStore accounts, IOptions<CoachingOptions> options, MeetingLinks meetings,
        CancellationToken ct)
    {
        var session = await coaching.GetAsync(AccountService.Actor(http.User), id, ct);
        var dto = await session.ToDtoAsync(accounts, options.Value.Currency, ct);
        return TypedResults.Ok(session.Status is CoachingStatus.Scheduled or CoachingStatus.InProgress
            ? dto with { MeetingLink = await meetings.ForAsync(session, ct) }
            : dto);
    }

    private static async Task<Ok<List<AuditDto>>> Audit(Guid id, HttpContext http, CoachingService coaching, CancellationToken ct) =>
        TypedResults.Ok((await coaching.AuditAsync(AccountService.Actor(http.User), id, ct)).Select(a => a.ToDto()).ToList());

    private static async Task<Ok<CoachingSessionDto>> Start(
        Guid id, HttpContext http, CoachingService coaching, IAccountStore accounts, IOptions<CoachingOptions> options, CancellationToken ct) =>
        TypedResults.Ok(await (await coaching.StartAsync(AccountService.Actor(http.User), id, ct)).ToDtoAsync(accounts, options.Value.Currency, ct));

    private static async Task<Ok<CoachingSessionDto>> Complete(
        Guid id, CompleteRequest? request, HttpContext http, CoachingService coaching, IAccountStore accounts,
        IOptions<CoachingOptions> options, CancellationToken ct)
    {
        var input = new CompletionInput(request?.Notes, request?.Rating, request?.Feedback, request?.ActionItems);
        var session = await coaching.CompleteAsync(AccountService.Actor(http.User), id, input, ct);
        return TypedResults.Ok(await session.ToDtoAsync(accounts, options.Value.Currency, ct));
    }

    private static async Task<Ok<CancellationPreviewDto>> CancellationPreview(
        Guid id, HttpContext http, CoachingService coaching, IOptions<CoachingOptions> options, CancellationToken ct)
    {
        var quote = await coaching.QuoteCancellationAsync(AccountService.Actor(http.User), id, ct);
        return TypedResults.Ok(new CancellationPreviewDto(quote.FeeCents, options.Value.Currency, quote.Late,
            (int)quote.LateWindow.TotalHours, CoachingNames.Of(quote.By)));
    }

    private static async Task<Ok<CoachingSessionDto>> Cancel(
        Guid id, CancelRequest? request, HttpContext http, CoachingService coaching, IAccountStore accounts,
        IOptions<CoachingOptions> options, CancellationToken ct)
    {
        var session = await coaching.CancelAsync(AccountService.Actor(http.User), id, request?.Reason, request?.CancellationType,
            request?.RefundRequested ?? false, request?.ExpectedFeeCents, ct);
        return TypedResults.Ok(await session.ToDtoAsync(accounts, options.Value.Currency, ct));
    }

    private static async Task<IResult> Calendar(
        Guid id, HttpContext http, CoachingService coaching, IAccountStore accounts, IOptions<HuddleServerOptions> server, MeetingLinks meetings,
        CancellationToken ct)
    {
        var session = await coaching.GetAsync(AccountService.Actor(http.User), id, ct);
        var coach = (await accounts.FindAsync(session.CoachId, ct))?.Name ?? "Coach";
        var client = (await accounts.FindAsync(session.ClientId, ct))?.Name ?? "Client";
        var url = $"{PublicLinks.Root(http, server.Value)}/coaching/sessions/{session.Id}";
        var ics = IcsCalendar.Event(session, coach, client, url, coaching.Now, await meetings.ForAsync(session, ct));
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"coaching-{session.Id:N}.ics");
    }

    internal static DateTimeOffset? ParseInstant(string? value, string name)
    {
        if (string.IsNullOrEmpty(value)) return null;
        return value.Length <= 40 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUniversalTime()
            : throw Errors.InvalidInput($"{name} must be an ISO 8601 date-time, e.g. 2026-03-09T00:00:00Z.");
    }
}
