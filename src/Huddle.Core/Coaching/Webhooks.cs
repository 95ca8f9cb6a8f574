using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Huddle.Core.Coaching;

/// <summary>The booking events a webhook can subscribe to: the audit log's lifecycle actions, by the names receivers see.</summary>
public static class WebhookEvents
{
    public const string Booked = "booked";
    public const string Rescheduled = "rescheduled";
    public const string Cancelled = "cancelled";
    public const string Completed = "completed";

    public static readonly IReadOnlyList<string> All = [Booked, Rescheduled, Cancelled, Completed];

    /// <summary>The event an audit action announces, if any (as <see cref="CoachingMail.KindOf"/> does for e-mail).</summary>
    public static string? Of(string auditAction) => auditAction switch
    {
        "book" => Booked,
        "reschedule" => Rescheduled,
        "cancel" => Cancelled,
        "complete" => Completed,
        _ => null,
    };
}

/// <summary>
/// A registered endpoint. <see cref="OwnerId"/> is the coach whose sessions it hears of; null: an admin's
/// hook, which hears of every coach's. The <see cref="Secret"/> signs deliveries; it is shown once, when made.
/// </summary>
public sealed record Webhook(Guid Id, Guid? OwnerId, string Url, IReadOnlyList<string> Events, string Secret, DateTimeOffset CreatedAt)
{
    /// <summary>Whether an audit entry of this session, written at <paramref name="at"/>, goes to this hook (never entries older than the hook).</summary>
    public bool Hears(CoachingSession session, string evt, DateTimeOffset at) =>
        (OwnerId is null || OwnerId == session.CoachId) && Events.Contains(evt) && at >= CreatedAt;
}

public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending,

    /// <summary>Claimed by a node until its lease ends.</summary>
    Sending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Gave up after the last attempt (or refused by the SSRF rules); the owner can replay it.</summary>
    Failed,
}

/// <summary>One event to one hook, and where its delivery stands (the last attempt's outcome; never the secret).</summary>
public sealed record WebhookDelivery(
    long Id, Guid WebhookId, string EventId, string Event, Guid SessionId, string Payload, DateTimeOffset CreatedAt,
    WebhookDeliveryStatus Status, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? LastAttemptAt,
    int? LastStatusCode, string? LastError, string? ResponseExcerpt, DateTimeOffset? DeliveredAt);

/// <summary>A delivery to add; a second one for the same (hook, event id) is ignored.</summary>
public sealed record WebhookDeliveryRequest(Guid WebhookId, string EventId, string Event, Guid SessionId, string Payload);

/// <summary>What one attempt got: the receiver's status code (none when it was never reached), an error summary, the start of its answer.</summary>
public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, string? Error, string? ResponseExcerpt);

/// <summary>Webhooks and their delivery outbox, fed from the coaching audit log past a cursor like the e-mail outbox.</summary>
public interface IWebhookStore
{
    /// <summary>Adds the hook unless its owner already has <paramref name="maxPerOwner"/>; false then.</summary>
    Task<bool> AddAsync(Webhook hook, int maxPerOwner, CancellationToken ct);

    /// <summary>Hooks of this owner (coach), or every hook when <paramref name="ownerId"/> is null; oldest first.</summary>
    Task<IReadOnlyList<Webhook>> ListAsync(Guid? ownerId, CancellationToken ct);

    Task<Webhook?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>Removes the hook and its deliveries; false when there was none.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken ct);

    /// <summary>Audit entries after the webhook cursor (with the same overlap as the e-mail outbox), oldest first.</summary>
    Task<IReadOnlyList<AuditPosition>> AuditAfterCursorAsync(int max, CancellationToken ct);

    /// <summary>Adds the deliveries (ignoring ones already present) and moves the cursor to <paramref name="cursor"/>, in one transaction.</summary>
    Task EnqueueAsync(IReadOnlyList<WebhookDeliveryRequest> deliveries, long cursor, DateTimeOffset now, CancellationToken ct);

    /// <summary>Pending deliveries whose time has come, or sending ones with an expired lease; oldest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> DueAsync(DateTimeOffset now, int max, CancellationToken ct);

    /// <summary>Claims the delivery until <paramref name="leaseUntil"/> if it is still as <paramref name="seen"/>; false when another node took it.</summary>
    Task<bool> TryClaimAsync(WebhookDelivery seen, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Records an attempt: delivered when <paramref name="delivered"/>, else retried at <paramref name="retryAt"/>, or failed when that is null.</summary>
    Task RecordAsync(long id, WebhookAttempt attempt, bool delivered, DateTimeOffset? retryAt, CancellationToken ct);

    /// <summary>The hook's deliveries, newest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(Guid webhookId, int limit, CancellationToken ct);

    /// <summary>Sends a delivered or failed delivery of this hook again (same body and event id, fresh attempts); false when there is none to replay.</summary>
    Task<bool> ReplayAsync(Guid webhookId, long deliveryId, DateTimeOffset now, CancellationToken ct);
}

/// <summary>
/// The signature on every delivery: HMAC-SHA256 under the hook's secret over <c>"{timestamp}.{raw body}"</c>
/// (timestamp in Unix seconds, also sent in <c>X-Huddle-Timestamp</c>), as <c>sha256=&lt;lower-case hex&gt;</c>.
/// Signing the timestamp lets a receiver refuse old deliveries replayed by someone who captured one.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Huddle-Signature";
    public const string TimestampHeader = "X-Huddle-Timestamp";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes($"{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}

/// <summary>
/// Where a webhook may point. Checked twice: the URL when it is registered (shape, scheme, and an IP
/// literal's range) and every address a name resolves to when a delivery connects — the name could
/// resolve privately, or change after registration (DNS rebinding), so the connect-time check is the one that counts.
/// </summary>
public static class WebhookTargets
{
    public const int MaxUrlLength = 2000;

    /// <summary>The URL as registered, or a coded error: <c>invalid_webhook_url</c>, or <c>webhook_target_refused</c> for a non-public IP literal.</summary>
    public static Uri Parse(string? url, bool allowPrivate) => Parse(url, allowPrivate, httpAllowed: true, Invalid, Refused);

    /// <summary>
    /// The shared rules for a URL the server will fetch (a webhook, a coach's busy calendar): printable ASCII,
    /// absolute http(s) (https only unless <paramref name="httpAllowed"/>), no credentials, no fragment, and an IP
    /// literal must be public unless <paramref name="allowPrivate"/>. Errors are the caller's codes.
    /// </summary>
    public static Uri Parse(
        string? url, bool allowPrivate, bool httpAllowed, Func<string, HuddleException> invalid, Func<string, HuddleException> refused)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxUrlLength || url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c > '\u007e'))
            throw invalid($"The URL must be 1 to {MaxUrlLength} printable ASCII characters without spaces.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (httpAllowed && uri.Scheme == Uri.UriSchemeHttp)))
            throw invalid(httpAllowed ? "The URL must be an absolute http:// or https:// address." : "The URL must be an absolute https:// address.");
        if (uri.UserInfo.Length > 0) throw invalid("The URL must not carry a user name or password.");
        if (uri.Fragment.Length > 0) throw invalid("The URL must not have a #fragment.");
        if (uri.Host.Length == 0) throw invalid("The URL needs a host.");
        if (!allowPrivate && uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip) && !IsPublic(ip))
            throw refused($"{ip} is not a public address.");
        return uri;
    }

    /// <summary>False for loopback, private, carrier-grade NAT, link-local, unique-local, multicast, unspecified and reserved ranges.</summary>
    public static bool IsPublic(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = ip.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && (b[1] & 0xC0) == 64) // 100.64.0.0/10
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && (b[1] & 0xF0) == 16)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] & 0xFE) == 18)); // benchmarking, 198.18.0.0/15
        }

        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (ip.Equals(IPAddress.IPv6Loopback) || ip.Equals(IPAddress.IPv6Any) || ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal
            || ip.IsIPv6Multicast || ip.IsIPv6UniqueLocal)
            return false;
        var v6 = ip.GetAddressBytes();
        // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last four bytes.
        if (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            return IsPublic(new IPAddress(v6.AsSpan(12, 4)));
        return true;
    }

    public static HuddleException Refused(string why) =>
        Errors.Invalid(ErrorCodes.WebhookTargetRefused, $"Webhooks may only point at public addresses: {why}");

    private static HuddleException Invalid(string message) => Errors.Invalid(ErrorCodes.InvalidWebhookUrl, message);
}
