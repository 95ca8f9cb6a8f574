using Huddle.Core;
using Huddle.Core.Coaching;
using Huddle.Server.Options;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Huddle.Server.Coaching;

/// <summary>
/// Sends coaching e-mail through an outbox (<see cref="IMailOutbox"/>). Each pass:
/// 1. turns new coaching audit entries into messages — the audit entry is written in the same
///    transaction as the booking change, and a persisted cursor says how far the log was read, so a
///    crash between a commit and its e-mail loses nothing and the booking code does not know about mail;
/// 2. adds the reminders now due (24 h and 1 h before a scheduled session);
/// 3. sends what is due, each message claimed first with a conditional update, so two nodes (or two
///    passes) never send one message; a failure is retried with doubling delays, then the message is dead.
/// A node that dies between the SMTP acknowledgement and "sent" leaves the claim to expire: that one
/// message is sent again (SMTP has no exactly-once), with the same Message-ID.
/// </summary>
public sealed partial class CoachingMailer(
    IMailOutbox outbox, ICoachingStore sessions, IAccountStore accounts, IOptions<MailOptions> options, IOptions<CoachingOptions> coaching,
    IOptions<HuddleServerOptions> server, MeetingLinks meetings, TimeProvider time, ILogger<CoachingMailer> log) : OutboxPump(time)
{
    private const int Batch = 100;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ReminderHorizon = TimeSpan.FromHours(24);

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override bool Enabled => options.Value.Enabled;

    protected override async Task PassAsync(CancellationToken ct)
    {
        await EnqueueFromAuditAsync(ct);
        await EnqueueRemindersAsync(ct);
        await SendDueAsync(ct);
    }

    protected override void PassFailed(Exception e) => LogPassFailed(e);

    private async Task EnqueueFromAuditAsync(CancellationToken ct)
    {
        while (true)
        {
            var entries = await outbox.AuditAfterCursorAsync(Batch, ct);
            if (entries.Count == 0) return;
            var mail = new List<MailRequest>();
            foreach (var (id, audit) in entries)
                if (CoachingMail.KindOf(audit.Action) is { } kind && await sessions.GetAsync(audit.SessionId, ct) is { } session)
                    mail.AddRange(CoachingMail.ForAudit(id, session, kind));
            var last = entries[^1].Id;
            await outbox.EnqueueAsync(mail, last, Time.GetUtcNow(), ct);
            if (entries.Count < Batch) return;
        }
    }

    private async Task EnqueueRemindersAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var due = (await outbox.StartingSoonAsync(now, ReminderHorizon, ct)).SelectMany(s => CoachingMail.RemindersDue(s, now)).ToList();
        if (due.Count > 0) await outbox.EnqueueAsync(due, null, now, ct);
    }

    private async Task SendDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        foreach (var mail in await outbox.DueAsync(Time.GetUtcNow(), Batch, ct))
        {
            var now = Time.GetUtcNow();
            if (!await outbox.TryClaimAsync(mail, now, now + Lease, ct)) continue; // another node has it
            var attempt = mail.Attempts + 1;
            try
            {
                await SendAsync(await ComposeAsync(mail, ct), o, ct);
                await outbox.MarkSentAsync(mail.Id, Time.GetUtcNow(), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var error = $"{e.GetType().Name}: {e.Message}";
                if (error.Length > 500) error = error[..500];
                var retryAt = attempt >= o.MaxAttempts ? (DateTimeOffset?)null : Time.GetUtcNow() + RetryDelay(attempt, o);
                await outbox.MarkFailedAsync(mail.Id, error, retryAt, CancellationToken.None);
                if (retryAt is null) LogDead(mail.Id, mail.Kind, attempt, error);
                else LogRetry(mail.Id, mail.Kind, attempt, error, retryAt.Value);
            }
        }
    }

    /// <summary>FirstRetryDelay, doubled per further failure, at most MaxRetryDelay.</summary>
    public static TimeSpan RetryDelay(int attempt, MailOptions o) => Backoff(attempt, o.FirstRetryDelay, o.MaxRetryDelay);

    /// <summary><paramref name="first"/>, doubled per further failure, at most <paramref name="max"/> (the outboxes' one backoff).</summary>
    public static TimeSpan Backoff(int attempt, TimeSpan first, TimeSpan max)
    {
        var delay = first * Math.Pow(2, Math.Min(attempt - 1, 30));
        return delay > max ? max : delay;
    }

    private async Task<MimeKit.MimeMessage> ComposeAsync(MailMessage mail, CancellationToken ct)
    {
        var session = await sessions.GetAsync(mail.SessionId, ct) ?? throw new InvalidOperationException("The session no longer exists.");
        var coach = await accounts.FindAsync(session.CoachId, ct) ?? throw new InvalidOperationException("The coach's account no longer exists.");
        var client = await accounts.FindAsync(session.ClientId, ct) ?? throw new InvalidOperationException("The client's account no longer exists.");
        var recipient = mail.RecipientId == coach.Id ? coach : mail.RecipientId == client.Id ? client
            : throw new InvalidOperationException("The recipient is no longer a party of the session.");
        var zone = (await accounts.FindCoachAsync(coach.Id, ct))?.Availability.TimeZone;
        var root = server.Value.PublicBaseUrl?.TrimEnd('/') ?? "";
        var url = root.Length == 0 ? "" : $"{root}/coaching/sessions/{session.Id}";
        return CoachingMailComposer.Compose(
            mail, session, recipient, coach, client, zone, url, coaching.Value.Currency, MailboxAddress.Parse(options.Value.From!), await meetings.ForAsync(session, ct),
            Time.GetUtcNow());
    }

    private static async Task SendAsync(MimeKit.MimeMessage message, MailOptions o, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.Timeout);
        using var smtp = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        var security = !o.UseTls ? SecureSocketOptions.None : o.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await smtp.ConnectAsync(o.Host!, o.Port, security, timeout.Token);
        if (!string.IsNullOrEmpty(o.User)) await smtp.AuthenticateAsync(o.User, o.Password!, timeout.Token);
        await smtp.SendAsync(message, timeout.Token);
        await smtp.DisconnectAsync(quit: true, timeout.Token);
    }

    [LoggerMessage(EventId = Log.MailRetrying, Level = LogLevel.Warning,
        Message = "Coaching e-mail {Id} ({Kind}) attempt {Attempt} failed: {Error}; retrying at {RetryAt}")]
    private partial void LogRetry(long id, MailKind kind, int attempt, string error, DateTimeOffset retryAt);

    [LoggerMessage(EventId = Log.MailDead, Level = LogLevel.Error,
        Message = "Coaching e-mail {Id} ({Kind}) gave up after {Attempt} attempts: {Error}; an admin can requeue it")]
    private partial void LogDead(long id, MailKind kind, int attempt, string error);

    [LoggerMessage(EventId = Log.MailPassFailed, Level = LogLevel.Error, Message = "A coaching e-mail outbox pass failed")]
    private partial void LogPassFailed(Exception exception);
}
