using System.Threading.Channels;
using Npgsql;

namespace Huddle.Storage.Coaching;

/// <summary>What changed in coaching: a booking (by session id) or a coach's availability (by coach id).</summary>
public enum CoachingChange
{
    Booking,
    Availability,
}

public sealed record CoachingNotice(CoachingChange Change, Guid Id);

/// <summary>
/// Coaching changes between nodes, after they are committed: this node sends its own, and hears the
/// other nodes' (a single SQLite node has nobody to tell and hears nothing).
/// </summary>
public interface ICoachingRelay
{
    Task SendAsync(CoachingNotice notice, CancellationToken ct);

    /// <summary>Other nodes' notices, as heard; one reader. Ends at once when there are no other nodes.</summary>
    IAsyncEnumerable<CoachingNotice> ReceiveAllAsync(CancellationToken ct);
}

/// <summary>One node: nothing to send, nothing to hear.</summary>
public sealed class NoCoachingRelay : ICoachingRelay
{
    public Task SendAsync(CoachingNotice notice, CancellationToken ct) => Task.CompletedTask;

    public IAsyncEnumerable<CoachingNotice> ReceiveAllAsync(CancellationToken ct) => AsyncEnumerable.Empty<CoachingNotice>();
}

/// <summary>
/// Coaching notices on PostgreSQL: sent with <c>NOTIFY huddle_coaching</c>, heard by the one
/// listening connection (<see cref="Postgres.PostgresCommitNotices"/>), which hands them here.
/// Payload: "{node} b {session id}" or "{node} a {coach id}".
/// </summary>
public sealed class PostgresCoachingRelay(NpgsqlDataSource db, string nodeId) : ICoachingRelay
{
    public const string Channel = "huddle_coaching";

    // A notice only makes watchers refresh: when nobody reads for a while, the oldest may go.
    private readonly Channel<CoachingNotice> _heard = System.Threading.Channels.Channel.CreateBounded<CoachingNotice>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public async Task SendAsync(CoachingNotice notice, CancellationToken ct)
    {
        var kind = notice.Change == CoachingChange.Booking ? "b" : "a";
        await using var cmd = db.CreateCommand("SELECT pg_notify(@channel, @payload)");
        cmd.Parameters.AddWithValue("channel", Channel);
        cmd.Parameters.AddWithValue("payload", $"{nodeId} {kind} {notice.Id:D}");
        // The change is committed: tell the other nodes even when the request that made it is gone.
        await cmd.ExecuteNonQueryAsync(CancellationToken.None);
    }

    public IAsyncEnumerable<CoachingNotice> ReceiveAllAsync(CancellationToken ct) => _heard.Reader.ReadAllAsync(ct);

    /// <summary>Called by the listener for each payload on <see cref="Channel"/>.</summary>
    internal void Heard(string payload)
    {
        if (Parse(payload, nodeId) is { } notice) _heard.Writer.TryWrite(notice);
    }

    /// <summary>Another node's notice; null for this node's own and for a payload it cannot read.</summary>
    public static CoachingNotice? Parse(string payload, string ownNode)
    {
        var parts = payload.Split(' ');
        if (parts.Length != 3 || parts[0] == ownNode || !Guid.TryParse(parts[2], out var id)) return null;
        return parts[1] switch
        {
            "b" => new CoachingNotice(CoachingChange.Booking, id),
            "a" => new CoachingNotice(CoachingChange.Availability, id),
            _ => null,
        };
    }
}
