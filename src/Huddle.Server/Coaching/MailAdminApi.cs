using Huddle.Core;
using Huddle.Core.Coaching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huddle.Server.Coaching;

/// <summary>One outbox message as an admin sees it (the recipient's address, never the message body).</summary>
public sealed record MailDto(
    long Id, string Kind, Guid SessionId, Guid RecipientId, string? RecipientEmail, string Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);

/// <summary>Admin: the coaching e-mail outbox — what was sent, what is waiting, what is dead — and requeueing the dead.</summary>
public static class MailAdminApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapMailAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/mail").WithTags("Admin").RequireAuthorization(CoachingPolicies.Admin)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/", List);
        group.MapPost("/{id:long}/retry", Retry).ProducesProblem(404);
        return app;
    }

    private static async Task<Ok<List<MailDto>>> List(
        string? status, int? limit, IMailOutbox outbox, IAccountStore accounts, CancellationToken ct)
    {
        MailStatus? wanted = status switch
        {
            null or "" => null,
            "pending" => MailStatus.Pending,
            "sending" => MailStatus.Sending,
            "sent" => MailStatus.Sent,
            "dead" => MailStatus.Dead,
            _ => throw Errors.InvalidInput("status must be pending, sending, sent or dead."),
        };
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) throw Errors.InvalidInput($"limit must be 1 to {MaxLimit}.");
        var messages = await outbox.ListAsync(wanted, take, ct);
        var emails = new Dictionary<Guid, string?>();
        foreach (var id in messages.Select(m => m.RecipientId).Distinct()) emails[id] = (await accounts.FindAsync(id, ct))?.Email;
        return TypedResults.Ok(messages.Select(m => ToDto(m, emails[m.RecipientId])).ToList());
    }

    private static async Task<NoContent> Retry(long id, IMailOutbox outbox, CoachingService coaching, CancellationToken ct)
    {
        if (!await outbox.RequeueAsync(id, coaching.Now, ct))
            throw new HuddleException(ErrorCodes.MailNotFound, "No dead e-mail has this id.", ErrorKind.NotFound);
        return TypedResults.NoContent();
    }

    private static MailDto ToDto(MailMessage m, string? email) => new(
        m.Id, m.Kind switch
        {
            MailKind.Booked => "booked",
            MailKind.Rescheduled => "rescheduled",
            MailKind.Cancelled => "cancelled",
            MailKind.Completed => "completed",
            MailKind.NoShow => "no_show",
            MailKind.Reminder24h => "reminder_24h",
            MailKind.Reminder1h => "reminder_1h",
        }, m.SessionId, m.RecipientId, email, m.Status switch
        {
            MailStatus.Pending => "pending",
            MailStatus.Sending => "sending",
            MailStatus.Sent => "sent",
            MailStatus.Dead => "dead",
        }, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError);
}
