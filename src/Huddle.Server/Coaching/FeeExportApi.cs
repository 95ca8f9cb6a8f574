using System.Globalization;
using Huddle.Core;
using Huddle.Core.Coaching;
using Huddle.Server.Http;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

/// <summary>
/// The admin's fee export for billing (fees stay records: no payment processor runs here). One row per
/// charge — a late cancellation, a late reschedule or a client no-show — of the sessions starting in [from, to).
/// </summary>
public static class FeeExportApi
{
    public static IEndpointRouteBuilder MapFeeExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/coaching-fees.csv", Export).WithTags("Admin").RequireAuthorization(CoachingPolicies.Admin)
            .Produces<string>(200, "text/csv").ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        return app;
    }

    private static async Task<IResult> Export(
        string? from, string? to, HttpContext http, CoachingService coaching, IAccountStore accounts, IOptions<CoachingOptions> options, CancellationToken ct)
    {
        var start = Instant(from, "from");
        var end = Instant(to, "to");
        var sessions = await coaching.ChargedAsync(start, end, ct);
        var names = new Dictionary<Guid, (string Name, string Email)>();
        var rows = new List<string[]>();
        foreach (var s in sessions)
        {
            var coach = await PersonAsync(s.CoachId);
            var client = await PersonAsync(s.ClientId);
            if (s.RescheduleFeeCents > 0) rows.Add(Row(s, "late_reschedule", s.RescheduleFeeCents, coach, client, null, false));
            if (s.Cancellation is { FeeCents: > 0 } c) rows.Add(Row(s, "late_cancellation", c.FeeCents, coach, client, c.Reason, c.RefundRequested));
            if (s.NoShowFeeCents > 0) rows.Add(Row(s, "no_show", s.NoShowFeeCents, coach, client, null, false));
        }

        var csv = Csv.Write(
            ["session_id", "scheduled_at", "status", "charge", "amount", "currency", "client", "client_email", "coach", "coach_email", "reason", "refund_requested"],
            rows);
        return Csv.File(http, $"coaching-fees-{start:yyyyMMdd}-{end:yyyyMMdd}.csv", csv);

        string[] Row(CoachingSession s, string charge, long cents, (string Name, string Email) coach, (string Name, string Email) client, string? reason, bool refund) =>
        [
            s.Id.ToString(), Time(s.ScheduledAt), CoachingNames.Of(s.Status), charge,
            (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture), options.Value.Currency,
            client.Name, client.Email, coach.Name, coach.Email, reason ?? "", refund ? "true" : "false",
        ];

        async Task<(string Name, string Email)> PersonAsync(Guid id)
        {
            if (!names.TryGetValue(id, out var person))
                names[id] = person = await accounts.FindAsync(id, ct) is { } a ? (a.Name, a.Email) : ("(deleted)", "");
            return person;
        }
    }

    private static DateTimeOffset Instant(string? value, string name) =>
        CoachingApi.ParseInstant(value, name) ?? throw Errors.InvalidInput($"{name} is required: an ISO 8601 date-time, e.g. 2026-03-01T00:00:00Z.");

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
