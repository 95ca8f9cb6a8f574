using Huddle.Core.Coaching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

public sealed record RescheduleRequest(string? ScheduledAt, long? ExpectedFeeCents = null);

public sealed record ReschedulePreviewDto(long FeeCents, string Currency, bool Late, bool Allowed, int LateWindowHours, string By);

/// <summary>A coach's booking rules: <c>lateReschedule</c> is <c>fee</c> or <c>refuse</c>; the limits are 0 (or empty) for none.</summary>
public sealed record CoachRulesDto(
    string LateReschedule, int MinNoticeMinutes, int BufferBeforeMinutes, int BufferAfterMinutes, int MaxSessionsPerDay, int HorizonDays,
    IReadOnlyList<int> Lengths);

/// <summary>The whole rule set (a missing limit is "no limit").</summary>
public sealed record CoachRulesRequest(
    string? LateReschedule, int? MinNoticeMinutes = null, int? BufferBeforeMinutes = null, int? BufferAfterMinutes = null,
    int? MaxSessionsPerDay = null, int? HorizonDays = null, List<int>? Lengths = null);

/// <summary>
/// Moving a booking (same id, new slot; the client or the coach, or an admin) and the coach's own
/// rules. Visibility and every refusal are Core's; this maps the wire shapes.
/// </summary>
public static class ReschedulingApi
{
    public static IEndpointRouteBuilder MapRescheduling(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/sessions").WithTags("Coaching").RequireAuthorization(CoachingPolicies.Account);
        sessions.MapGet("/{id:guid}/reschedule", Preview).ProducesProblem(401).ProducesProblem(404);
        sessions.MapPost("/{id:guid}/reschedule", Reschedule)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(409);

        var coaches = app.MapGroup("/api/coaches/me").WithTags("Coaching").RequireAuthorization(CoachingPolicies.Coach);
        coaches.MapGet("/rules", MyRules).ProducesProblem(401).ProducesProblem(403);
        coaches.MapPut("/rules", SetRules).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        return app;
    }

    private static async Task<Ok<ReschedulePreviewDto>> Preview(
        Guid id, HttpContext http, ReschedulingService scheduling, IOptions<CoachingOptions> options, CancellationToken ct)
    {
        var quote = await scheduling.QuoteAsync(AccountService.Actor(http.User), id, ct);
        return TypedResults.Ok(new ReschedulePreviewDto(quote.FeeCents, options.Value.Currency, quote.Late, quote.Allowed,
            (int)quote.LateWindow.TotalHours, CoachingNames.Of(quote.By)));
    }

    private static async Task<Ok<CoachingSessionDto>> Reschedule(
        Guid id, RescheduleRequest? request, HttpContext http, ReschedulingService scheduling, IAccountStore accounts,
        IOptions<CoachingOptions> options, CancellationToken ct)
    {
        var key = http.Request.Headers.TryGetValue(CoachingApi.IdempotencyKeyHeader, out var values) ? values.ToString() : null;
        var (session, replayed) = await scheduling.RescheduleAsync(
            AccountService.Actor(http.User), id, request?.ScheduledAt, request?.ExpectedFeeCents, key, ct);
        if (replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Ok(await session.ToDtoAsync(accounts, options.Value.Currency, ct));
    }

    private static async Task<Ok<CoachRulesDto>> MyRules(HttpContext http, ReschedulingService scheduling, CancellationToken ct) =>
        TypedResults.Ok(ToDto(await scheduling.RulesAsync(AccountService.AccountId(http.User), ct)));

    private static async Task<Ok<CoachRulesDto>> SetRules(
        CoachRulesRequest? request, HttpContext http, ReschedulingService scheduling, CancellationToken ct)
    {
        var rules = new CoachRules(CoachRuleNames.ParseLateReschedule(request?.LateReschedule))
        {
            MinNoticeMinutes = request?.MinNoticeMinutes ?? 0, BufferBeforeMinutes = request?.BufferBeforeMinutes ?? 0,
            BufferAfterMinutes = request?.BufferAfterMinutes ?? 0, MaxSessionsPerDay = request?.MaxSessionsPerDay ?? 0,
            HorizonDays = request?.HorizonDays ?? 0, Lengths = request?.Lengths ?? [],
        };
        return TypedResults.Ok(ToDto(await scheduling.SaveRulesAsync(AccountService.AccountId(http.User), rules, ct)));
    }

    private static CoachRulesDto ToDto(CoachRules rules) => new(
        CoachRuleNames.Of(rules.LateReschedule), rules.MinNoticeMinutes, rules.BufferBeforeMinutes, rules.BufferAfterMinutes,
        rules.MaxSessionsPerDay, rules.HorizonDays, rules.Lengths);
}
