using Huddle.Core;
using Huddle.Core.Coaching;
using Huddle.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

/// <summary>A recurring booking: the first occurrence as in <c>/book</c>, then <c>frequency</c> and either <c>count</c> or <c>until</c> (a date in the coach's zone).</summary>
public sealed record SeriesBookRequest(
    string? Title, string? Description, string? ScheduledAt, int? DurationMinutes, Guid? CoachId, string? Frequency, int? Count = null, string? Until = null);

public sealed record SeriesDto(Guid SeriesId, List<CoachingSessionDto> Sessions);

/// <summary>One occurrence that cannot be booked (the <c>clashes</c> of a <c>series_clash</c> problem).</summary>
public sealed record SeriesClashDto(int Index, DateTimeOffset ScheduledAt, string Code, string Message);

/// <summary>
/// Recurring series: <c>POST /api/sessions/book-series</c> (client; all occurrences or none, a clash
/// anywhere reported with its dates and reasons before anything is booked) and
/// <c>POST /api/sessions/{id}/cancel-series</c> (this occurrence and the rest). The rules are Core's
/// (<see cref="SeriesService"/>); this maps the wire shapes.
/// </summary>
public static class SeriesApi
{
    public static IEndpointRouteBuilder MapSeries(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions").WithTags("Coaching");
        group.MapPost("/book-series", Book).RequireAuthorization(CoachingPolicies.Client)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/{id:guid}/cancel-series", CancelRest).RequireAuthorization(CoachingPolicies.Account)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<Results<Created<SeriesDto>, ProblemHttpResult>> Book(
        SeriesBookRequest request, HttpContext http, SeriesService series, IAccountStore accounts, IOptions<CoachingOptions> options,
        CancellationToken ct)
    {
        var key = http.Request.Headers.TryGetValue(CoachingApi.IdempotencyKeyHeader, out var values) ? values.ToString() : null;
        var first = new BookingRequest(
            request.Title, request.Description, request.ScheduledAt,
            request.DurationMinutes ?? throw Errors.Invalid(ErrorCodes.InvalidDuration, "durationMinutes is required."),
            request.CoachId ?? throw CoachingErrors.CoachNotFound());
        var booking = await series.BookAsync(AccountService.Actor(http.User), new SeriesRequest(first, request.Frequency, request.Count, request.Until), key, ct);
        if (booking.Clashes.Count > 0)
        {
            // Errors are data here: the client shows which dates clash and why, and nothing was booked.
            var problem = Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.SeriesClash,
                $"{booking.Clashes.Count} of the series' dates cannot be booked, so none was: pick another time or fewer occurrences.");
            problem.Extensions["clashes"] = booking.Clashes.Select(c => new SeriesClashDto(c.Index, c.ScheduledAt, c.Code, c.Message)).ToList();
            return TypedResults.Problem(problem);
        }

        if (booking.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        var sessions = await booking.Sessions.ToDtosAsync(accounts, options.Value.Currency, ct);
        return TypedResults.Created($"/api/sessions/{sessions[0].Id}", new SeriesDto(booking.Sessions[0].SeriesId!.Value, sessions));
    }

    private static async Task<Ok<List<CoachingSessionDto>>> CancelRest(
        Guid id, CancelRequest? request, HttpContext http, SeriesService series, IAccountStore accounts, IOptions<CoachingOptions> options,
        CancellationToken ct)
    {
        var cancelled = await series.CancelRestAsync(AccountService.Actor(http.User), id, request?.Reason, request?.CancellationType,
            request?.RefundRequested ?? false, request?.ExpectedFeeCents, ct);
        return TypedResults.Ok(await cancelled.ToDtosAsync(accounts, options.Value.Currency, ct));
    }
}
