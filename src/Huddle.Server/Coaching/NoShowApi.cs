using Huddle.Core.Coaching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

/// <summary>
/// <c>POST /api/sessions/{id}/no-show</c>: the coach (or an admin) records that the client did not come.
/// Who may and when is Core's (<see cref="CoachingSession.MarkNoShow"/>); this maps the wire shape.
/// </summary>
public static class NoShowApi
{
    public static IEndpointRouteBuilder MapNoShows(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/sessions").WithTags("Coaching").RequireAuthorization(CoachingPolicies.Account)
            .MapPost("/{id:guid}/no-show", MarkNoShow).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<Ok<CoachingSessionDto>> MarkNoShow(
        Guid id, HttpContext http, CoachingService coaching, IAccountStore accounts, IOptions<CoachingOptions> options, CancellationToken ct) =>
        TypedResults.Ok(await (await coaching.MarkNoShowAsync(AccountService.Actor(http.User), id, ct)).ToDtoAsync(accounts, options.Value.Currency, ct));
}

/// <summary>
/// Closes coaching sessions past their booked end + <c>OverdueGrace</c> (in progress → completed, never
/// started → missed), every <c>Coaching:OverdueSweepInterval</c> on the injected clock, on every node.
/// </summary>
public sealed partial class CoachingOverdueSweeper(
    CoachingOverdue overdue, IOptions<CoachingOptions> options, TimeProvider time, ILogger<CoachingOverdueSweeper> log)
    : Hosting.PeriodicWork(options.Value.OverdueSweepInterval, time, log)
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.OverdueSweepInterval == TimeSpan.Zero ? Task.CompletedTask : base.ExecuteAsync(stoppingToken);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var (completed, missed) = await overdue.SweepAsync(ct);
        if (completed + missed > 0) LogClosed(completed, missed);
    }

    [LoggerMessage(EventId = Huddle.Core.Log.CoachingOverdueClosed, Level = LogLevel.Information,
        Message = "Coaching sweep: {Completed} overdue sessions completed, {Missed} never started marked missed")]
    private partial void LogClosed(int completed, int missed);
}
