using System.Collections.Concurrent;
using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Storage.Postgres;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Huddle.Storage.Redis;

/// <summary>
/// Commit notices over Redis pub/sub (<c>Bus:Provider=Redis</c>). After a commit is durable in
/// PostgreSQL the committing node publishes its notice (the same text NOTIFY carries: the commit when
/// it is small, else its id and version) on <c>huddle:session:{id}</c>. A node subscribes to a session's
/// channel while it holds the session, so it hears only the sessions its clients use, instead of every
/// commit of every node as with NOTIFY.
/// <para>
/// Redis is a messenger, never the store of record: when it is down, commits still go to PostgreSQL and
/// each node keeps serving its own clients; <see cref="Bus"/> says <c>degraded</c>. When it returns, the
/// client library subscribes again and this class reports <c>missed</c>, so every held session reads what
/// it missed from the log. Coaching notices stay on PostgreSQL's LISTEN (the listener handed in):
/// they are rare and already ride a connection every node keeps for readiness.
/// </para>
/// </summary>
public sealed partial class RedisBus : ICommitNotices, IAsyncDisposable
{
    private static readonly TimeSpan SubscribeTimeout = TimeSpan.FromSeconds(1);

    private readonly ConnectionMultiplexer _redis;
    private readonly string _nodeId;
    private readonly ICommitNotices _coaching;
    private readonly IStoreMetrics? _metrics;
    private readonly ILogger _log;
    private readonly TimeSpan _beatEvery;
    private readonly ConcurrentDictionary<Guid, byte> _followed = new();
    private readonly Action<RedisChannel, RedisValue> _onMessage;
    private Action<CommitNotice>? _committed;
    private Func<Task>? _missed;
    private int _down;

    public RedisBus(
        string configuration, string nodeId, ICommitNotices coaching, TimeSpan beatEvery, TimeSpan nodeExpiry, IStoreMetrics? metrics, ILogger<RedisBus> log)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // Start (and keep serving) without Redis; fail at once while it is away instead of queueing
        // notices and counters that are stale by the time it returns.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= $"huddle-{nodeId}";
        _redis = ConnectionMultiplexer.Connect(options);
        _nodeId = nodeId;
        _coaching = coaching;
        _metrics = metrics;
        _log = log;
        _beatEvery = beatEvery;
        NodeExpiry = nodeExpiry;
        // A restarted node with a fixed NodeId must not inherit its previous run's gauges: each run is its own member.
        NodeMember = $"{nodeId}:{Guid.NewGuid():N}";
        _onMessage = OnMessage;
        _redis.ConnectionFailed += (_, _) => Lost();
        _redis.ConnectionRestored += (_, _) => _ = BackAsync();
        if (!_redis.IsConnected) Lost();
    }

    public IDatabase Database => _redis.GetDatabase();

    /// <summary>This run of this node in the limit gauges (see <see cref="RedisLimitStore"/>).</summary>
    public string NodeMember { get; }

    public TimeSpan NodeExpiry { get; }

    /// <summary>Readiness follows the database and the coaching listener: a node without Redis still serves its own sessions.</summary>
    public bool Listening => _coaching.Listening;

    public string? Bus => _redis.IsConnected && Volatile.Read(ref _down) == 0 ? "ok" : "degraded";

    public static string NodeKey(string member) => $"huddle:node:{member}";

    public static RedisChannel ChannelOf(Guid session) => RedisChannel.Literal($"huddle:session:{session:D}");

    public async Task ListenAsync(Action<CommitNotice> committed, Func<Task> missed, CancellationToken ct)
    {
        _committed = committed;
        _missed = missed;
        // Sessions loaded before this listener started may have missed notices: read them once.
        await missed();
        await Task.WhenAll(_coaching.ListenAsync(_ => { }, missed, ct), BeatAsync(ct));
    }

    public async Task FollowAsync(Guid session)
    {
        if (!_followed.TryAdd(session, 0)) return;
        try
        {
            // Registered with the client even when Redis is away: it subscribes again on reconnecting.
            await _redis.GetSubscriber().SubscribeAsync(ChannelOf(session), _onMessage).WaitAsync(SubscribeTimeout);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Redis is away: the reconnect's resync reads this session's commits.
        }
    }

    public void Unfollow(Guid session)
    {
        if (!_followed.TryRemove(session, out _)) return;
        try
        {
            _redis.GetSubscriber().Unsubscribe(ChannelOf(session), _onMessage, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
        }
    }

    /// <summary>
    /// Tells the nodes holding the session about a durable commit. Fire and forget, in commit order on
    /// the one connection: a notice lost while Redis is away is made up by the reconnect's resync.
    /// </summary>
    public void Publish(Guid session, string notice)
    {
        try
        {
            _redis.GetSubscriber().Publish(ChannelOf(session), notice, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
        }
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        _metrics?.BusReceived();
        if (message.HasValue && PostgresCommitNotices.Parse(message.ToString(), _nodeId) is { } notice) _committed?.Invoke(notice);
    }

    private void Lost()
    {
        if (Interlocked.Exchange(ref _down, 1) == 0) LogLost();
    }

    private async Task BackAsync()
    {
        if (!_redis.IsConnected) return;
        try
        {
            // A round trip after the client's own resubscription, so the re-read below cannot fall
            // before this node hears the sessions again.
            await _redis.GetSubscriber().PingAsync();
        }
        catch (RedisException)
        {
            return;
        }

        if (Interlocked.Exchange(ref _down, 0) == 1) LogBack();
        if (_missed is { } missed) await missed();
    }

    /// <summary>Keeps this run's node key alive, so other nodes count its share of the connection gauges.</summary>
    private async Task BeatAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_beatEvery);
        do
        {
            try
            {
                await Database.StringSetAsync(NodeKey(NodeMember), _nodeId, NodeExpiry);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Reported by the connection events; the next beat tries again.
            }
        }
        while (await WaitAsync(timer, ct));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // No connection string or host name in the log: it may hold a password.
    [LoggerMessage(EventId = Log.BusLost, Level = LogLevel.Warning,
        Message = "Lost the Redis bus: this node serves its own sessions and counts its limits alone until Redis answers again")]
    private partial void LogLost();

    [LoggerMessage(EventId = Log.BusBack, Level = LogLevel.Information, Message = "The Redis bus is back: every held session re-reads the commits it missed")]
    private partial void LogBack();
}
