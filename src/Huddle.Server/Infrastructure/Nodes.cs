using System.Threading.Channels;
using Huddle.Core.Application;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Infrastructure;

/// <summary>
/// Keeps this node's heartbeat, expires nodes that went silent (their connections go, and the
/// presence of their sessions is recomputed, so host migration still happens), and says goodbye
/// on a graceful stop. With SQLite there is one node and this does nothing of note.
/// </summary>
public sealed partial class PresenceKeeper(
    IPresenceStore presence, SessionService sessions, IOptions<EngineOptions> options, TimeProvider time, ILogger<PresenceKeeper> log)
    : PeriodicWork(options.Value.HeartbeatInterval, time, log)
{
    private readonly EngineOptions _options = options.Value;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        if (!await presence.BeatAsync(_options.NodeId, ct))
        {
            // Others declared this node dead (it was silent too long) and dropped its connections.
            LogRevived(_options.NodeId);
            await sessions.RestoreConnectionsAsync(ct);
        }

        var affected = await presence.ExpireNodesAsync(_options.NodeExpiry, null, ct);
        if (affected.Count > 0) LogExpired(affected.Count);
        foreach (var id in affected) await sessions.SyncPresenceAsync(id, ct);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var id in await presence.ExpireNodesAsync(TimeSpan.MaxValue, _options.NodeId, cancellationToken))
            await sessions.SyncPresenceAsync(id, cancellationToken);
    }

    [LoggerMessage(EventId = 1120, Level = LogLevel.Warning, Message = "Connections of silent nodes expired; presence recomputed in {Sessions} sessions")]
    private partial void LogExpired(int sessions);

    [LoggerMessage(EventId = 1121, Level = LogLevel.Warning, Message = "Node {Node} had been declared dead; its connections are recorded again")]
    private partial void LogRevived(string node);
}

/// <summary>
/// Hands other nodes' commit notices to the engine. Notices queue up while earlier ones are being
/// handled; each batch is reduced to the newest version per session, so a busy session costs one
/// catch-up read per batch, not one per commit. A reconnected listener resyncs every held session.
/// </summary>
public sealed partial class CommitNoticeListener(ICommitNotices notices, SessionService sessions, ILogger<CommitNoticeListener> log)
    : BackgroundService
{
    private static readonly Guid Resync = Guid.Empty;

    private readonly Channel<(Guid Id, long Version)> _queue =
        Channel.CreateUnbounded<(Guid, long)>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = notices.ListenAsync(
            (id, version) => _queue.Writer.TryWrite((id, version)),
            () => Task.FromResult(_queue.Writer.TryWrite((Resync, long.MaxValue))),
            stoppingToken);
        try
        {
            await Task.WhenAll(listening, DispatchAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DispatchAsync(CancellationToken ct)
    {
        var latest = new Dictionary<Guid, long>();
        while (await _queue.Reader.WaitToReadAsync(ct))
        {
            latest.Clear();
            while (_queue.Reader.TryRead(out var notice)) latest[notice.Id] = Math.Max(notice.Version, latest.GetValueOrDefault(notice.Id));
            if (latest.Remove(Resync))
            {
                foreach (var id in sessions.LoadedSessions) latest[id] = long.MaxValue;
            }

            await Task.WhenAll(latest.Select(n => CatchUpAsync(n.Key, n.Value, ct)));
        }
    }

    private async Task CatchUpAsync(Guid id, long version, CancellationToken ct)
    {
        try
        {
            await sessions.CatchUpAsync(id, version, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next notice or resync for this session tries again.
            LogFailed(e, id);
        }
    }

    [LoggerMessage(EventId = 1112, Level = LogLevel.Error, Message = "Catching up session {SessionId} after a notice failed")]
    private partial void LogFailed(Exception exception, Guid sessionId);
}
