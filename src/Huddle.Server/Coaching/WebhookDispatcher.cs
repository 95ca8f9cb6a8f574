using System.Text.Json;
using Huddle.Core;
using Huddle.Core.Coaching;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

/// <summary>The body of every delivery (version 1; see docs/coaching.md, Webhooks). <c>id</c> is the event's: the same on a retry or a replay.</summary>
public sealed record WebhookPayloadDto(int Version, string Id, string Type, DateTimeOffset CreatedAt, WebhookEventDataDto Data);

public sealed record WebhookEventDataDto(WebhookBookingDto Booking, string Actor, string? Reason);

public sealed record WebhookBookingDto(
    Guid Id, string Title, DateTimeOffset ScheduledAt, DateTimeOffset EndsAt, int DurationMinutes, string Status, Guid CoachId, Guid ClientId);

/// <summary>
/// Delivers coaching webhooks the way <see cref="CoachingMailer"/> sends e-mail (one pattern). Each pass:
/// 1. turns new coaching audit entries into deliveries, one per hook that hears of them — past a persisted
///    cursor, so a crash between a booking's commit and its webhook loses nothing;
/// 2. posts what is due, each delivery claimed first with a conditional update so two nodes never post it
///    together; a failure is retried with doubling delays (on the injected clock), then the delivery is failed.
/// A node that dies after the receiver answered but before it recorded so leaves the claim to expire: that
/// delivery is posted again with the same event id, which receivers use to drop the copy.
/// </summary>
public sealed partial class WebhookDispatcher(
    IWebhookStore store, ICoachingStore sessions, WebhookSender sender, IOptions<WebhookOptions> options, TimeProvider time,
    ILogger<WebhookDispatcher> log) : OutboxPump(time)
{
    public const int PayloadVersion = 1;
    private const int Batch = 100;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    // Frozen here, not WireJson: a stored body is posted (and replayed) as it was written.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override async Task PassAsync(CancellationToken ct)
    {
        await EnqueueFromAuditAsync(ct);
        await SendDueAsync(ct);
    }

    protected override void PassFailed(Exception e) => LogPassFailed(e);

    private async Task EnqueueFromAuditAsync(CancellationToken ct)
    {
        while (true)
        {
            var entries = await store.AuditAfterCursorAsync(Batch, ct);
            if (entries.Count == 0) return;
            var hooks = await store.ListAsync(null, ct);
            var deliveries = new List<WebhookDeliveryRequest>();
            foreach (var (id, audit) in entries)
            {
                if (hooks.Count == 0 || WebhookEvents.Of(audit.Action) is not { } evt) continue;
                if (await sessions.GetAsync(audit.SessionId, ct) is not { } session) continue;
                var eventId = $"evt_{id}";
                var payload = JsonSerializer.Serialize(Payload(eventId, evt, audit, session), Json);
                deliveries.AddRange(hooks.Where(h => h.Hears(session, evt, audit.At)).Select(h => new WebhookDeliveryRequest(h.Id, eventId, evt, session.Id, payload)));
            }

            await store.EnqueueAsync(deliveries, entries[^1].Id, Time.GetUtcNow(), ct);
            if (entries.Count < Batch) return;
        }
    }

    private static WebhookPayloadDto Payload(string eventId, string evt, CoachingAudit audit, CoachingSession s) => new(
        PayloadVersion, eventId, evt, audit.At,
        new WebhookEventDataDto(
            new WebhookBookingDto(s.Id, s.Title, s.ScheduledAt, s.EndsAt, s.DurationMinutes, CoachingNames.Of(s.Status), s.CoachId, s.ClientId),
            CoachingNames.Of(audit.ActorParty), audit.Reason));

    private async Task SendDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        foreach (var delivery in await store.DueAsync(Time.GetUtcNow(), Batch, ct))
        {
            var now = Time.GetUtcNow();
            if (!await store.TryClaimAsync(delivery, now, now + Lease, ct)) continue; // another node has it
            var attempt = delivery.Attempts + 1;
            if (await store.FindAsync(delivery.WebhookId, ct) is not { } hook) continue; // deleted since: its deliveries went with it
            var result = await sender.SendAsync(hook, delivery, now, ct);
            // A refusal by the SSRF rules is not retried: the same name would be refused again (the owner can replay).
            var retryAt = result.Delivered || result.Refused || attempt >= o.MaxAttempts
                ? (DateTimeOffset?)null
                : Time.GetUtcNow() + CoachingMailer.Backoff(attempt, o.FirstRetryDelay, o.MaxRetryDelay);
            await store.RecordAsync(delivery.Id, new WebhookAttempt(now, result.StatusCode, result.Error, result.ResponseExcerpt), result.Delivered, retryAt, CancellationToken.None);
            if (result.Delivered) continue;
            if (retryAt is { } at) LogRetry(delivery.Id, delivery.Event, attempt, result.Error ?? "", at);
            else LogFailed(delivery.Id, delivery.Event, attempt, result.Error ?? "");
        }
    }

    // The URL is not logged: its query may carry the receiver's own token.
    [LoggerMessage(EventId = Log.WebhookRetrying, Level = LogLevel.Warning,
        Message = "Webhook delivery {Id} ({Event}) attempt {Attempt} failed: {Error}; retrying at {RetryAt}")]
    private partial void LogRetry(long id, string @event, int attempt, string error, DateTimeOffset retryAt);

    [LoggerMessage(EventId = Log.WebhookFailed, Level = LogLevel.Warning,
        Message = "Webhook delivery {Id} ({Event}) failed after {Attempt} attempts: {Error}; its owner can replay it")]
    private partial void LogFailed(long id, string @event, int attempt, string error);

    [LoggerMessage(EventId = Log.WebhookPassFailed, Level = LogLevel.Error, Message = "A webhook delivery pass failed")]
    private partial void LogPassFailed(Exception exception);
}
