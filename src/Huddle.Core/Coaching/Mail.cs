namespace Huddle.Core.Coaching;

/// <summary>
/// The e-mails a booking sends. Each is derived from something already committed: an audit entry
/// (booked, rescheduled, cancelled, completed — see <see cref="CoachingMail.KindOf"/>) or the clock (reminders).
/// </summary>
public enum MailKind
{
    Booked,
    Cancelled,
    Completed,
    Reminder24h,
    Reminder1h,
    Rescheduled,
    NoShow,
}

public enum MailStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending,

    /// <summary>Claimed by a node until its lease ends (a node that died mid-send is retried after it).</summary>
    Sending,
    Sent,

    /// <summary>Gave up after the last attempt; an admin can requeue it.</summary>
    Dead,
}

/// <summary>One e-mail to one party of one booking, and where its delivery stands.</summary>
public sealed record MailMessage(
    long Id, string DedupeKey, Guid SessionId, MailKind Kind, Guid RecipientId, DateTimeOffset CreatedAt, MailStatus Status,
    int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);

/// <summary>An e-mail to add to the outbox; a second one with the same key is ignored (each is sent once).</summary>
public sealed record MailRequest(string DedupeKey, Guid SessionId, MailKind Kind, Guid RecipientId);

/// <summary>An audit entry with its position in the log (the outbox's cursor).</summary>
public sealed record AuditPosition(long Id, CoachingAudit Audit);

public static class CoachingMail
{
    /// <summary>
    /// Which e-mail an audit action sends, if any. A new lifecycle action (no-show) is one
    /// line here and one in the server's templates.
    /// </summary>
    public static MailKind? KindOf(string action) => action switch
    {
        "book" => MailKind.Booked,
        "reschedule" => MailKind.Rescheduled,
        "cancel" => MailKind.Cancelled,
        "complete" => MailKind.Completed,
        "no_show" => MailKind.NoShow,
        _ => null,
    };

    /// <summary>Both parties hear of every change, the one who made it too (it is their receipt and calendar entry).</summary>
    public static IEnumerable<MailRequest> ForAudit(long auditId, CoachingSession session, MailKind kind) =>
        [
            new($"a{auditId}:{session.ClientId:N}", session.Id, kind, session.ClientId),
            new($"a{auditId}:{session.CoachId:N}", session.Id, kind, session.CoachId),
        ];

    /// <summary>
    /// The reminders due at <paramref name="now"/> for a scheduled session: 24 h before, then 1 h before;
    /// a reminder whose mark had already passed when the session was booked is not sent (a booking made
    /// 3 h ahead gets only the 1-hour one). Keyed by the start time, so a moved session is reminded again.
    /// </summary>
    public static IEnumerable<MailRequest> RemindersDue(CoachingSession session, DateTimeOffset now)
    {
        if (session.Status != CoachingStatus.Scheduled || now >= session.ScheduledAt) yield break;
        foreach (var (kind, before) in Reminders)
        {
            var mark = session.ScheduledAt - before;
            if (now < mark || session.CreatedAt >= mark) continue;
            var key = $"{kind}:{session.Id:N}:{session.ScheduledAt.ToUnixTimeMilliseconds()}";
            yield return new($"{key}:{session.ClientId:N}", session.Id, kind, session.ClientId);
            yield return new($"{key}:{session.CoachId:N}", session.Id, kind, session.CoachId);
            yield break; // only the nearest mark: a late node sends the 1-hour reminder, not both
        }
    }

    /// <summary>Nearest first, so a node that was down sends only the reminder that still makes sense.</summary>
    public static readonly IReadOnlyList<(MailKind Kind, TimeSpan Before)> Reminders =
        [(MailKind.Reminder1h, TimeSpan.FromHours(1)), (MailKind.Reminder24h, TimeSpan.FromHours(24))];
}

/// <summary>
/// The e-mail outbox. Rows are added idempotently (by key) and sent by whoever claims them with a
/// conditional update, so two nodes never send one message at the same time.
/// </summary>
public interface IMailOutbox
{
    /// <summary>
    /// Audit entries after the outbox's cursor (and a short overlap before it: on PostgreSQL an entry with
    /// a lower id can commit after a higher one), oldest first, at most <paramref name="max"/>.
    /// </summary>
    Task<IReadOnlyList<AuditPosition>> AuditAfterCursorAsync(int max, CancellationToken ct);

    /// <summary>Adds the messages (ignoring keys already present) and moves the cursor forward to <paramref name="cursor"/>, in one transaction.</summary>
    Task EnqueueAsync(IReadOnlyList<MailRequest> messages, long? cursor, DateTimeOffset now, CancellationToken ct);

    /// <summary>Scheduled sessions starting in (now, now + <paramref name="within"/>].</summary>
    Task<IReadOnlyList<CoachingSession>> StartingSoonAsync(DateTimeOffset now, TimeSpan within, CancellationToken ct);

    /// <summary>Messages due now: pending with their time come, or sending with an expired lease. Oldest first.</summary>
    Task<IReadOnlyList<MailMessage>> DueAsync(DateTimeOffset now, int max, CancellationToken ct);

    /// <summary>Claims the message for sending until <paramref name="leaseUntil"/> if it is still as <paramref name="seen"/>; false when another node took it.</summary>
    Task<bool> TryClaimAsync(MailMessage seen, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken ct);

    /// <summary>Records a failed attempt: retried at <paramref name="retryAt"/>, or dead when null.</summary>
    Task MarkFailedAsync(long id, string error, DateTimeOffset? retryAt, CancellationToken ct);

    /// <summary>Messages in this status (all when null), newest first.</summary>
    Task<IReadOnlyList<MailMessage>> ListAsync(MailStatus? status, int limit, CancellationToken ct);

    /// <summary>Puts a dead message back in the queue with fresh attempts; false when there is no dead message with this id.</summary>
    Task<bool> RequeueAsync(long id, DateTimeOffset now, CancellationToken ct);
}

/// <summary>Each account's private calendar feed: only a hash of its secret is stored.</summary>
public interface ICalendarFeedStore
{
    /// <summary>Creates the account's feed or replaces its secret (the old address stops working).</summary>
    Task SetAsync(Guid accountId, string secretHash, DateTimeOffset now, CancellationToken ct);

    /// <summary>False when the account had no feed.</summary>
    Task<bool> RevokeAsync(Guid accountId, CancellationToken ct);

    Task<(Guid AccountId, string SecretHash)?> FindAsync(string secretHash, CancellationToken ct);
}
