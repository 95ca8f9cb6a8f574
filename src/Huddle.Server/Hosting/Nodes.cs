using System.Threading.Channels;
using Huddle.Core;
using Huddle.Core.Application;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Hosting;

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

    [LoggerMessage(EventId = Log.SilentNodesExpired, Level = LogLevel.Warning, Message = "Connections of silent nodes expired; presence recomputed in {Sessions} sessions")]
    private partial void LogExpired(int sessions);

    [LoggerMessage(EventId = Log.NodeRevived, Level = LogLevel.Warning, Message = "Node {Node} had been declared dead; its connections are recorded again")]
    private partial void LogRevived(string node);
}

/// <summary>
/// Hands other nodes' commit notices to the engine, which queues them on their session. Each session
/// with notices waiting gets one catch-up at a time that applies them all, so a busy session costs at
/// most one read per catch-up (none when the notices carried their commits), and a slow session does
/// not hold up the others. A reconnected listener resyncs every held session.
/// </summary>
public sealed partial class CommitNoticeListener(ICommitNotices notices, SessionService sessions, ILogger<CommitNoticeListener> log)
    : BackgroundService
{
    private static readonly CommitNotice Resync = new(Guid.Empty, long.MaxValue);

    private readonly Channel<CommitNotice> _queue =
        Channel.CreateUnbounded<CommitNotice>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = notices.ListenAsync(
            notice => _queue.Writer.TryWrite(notice),
            () => Task.FromResult(_queue.Writer.TryWrite(Resync)),
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
        await foreach (var notice in _queue.Reader.ReadAllAsync(ct))
        {
            if (!ReferenceEquals(notice, Resync)) Hear(notice, ct);
            else foreach (var id in sessions.LoadedSessions) Hear(new CommitNotice(id, long.MaxValue), ct);
        }
    }

    private void Hear(CommitNotice notice, CancellationToken ct)
    {
        if (sessions.Heard(notice)) _ = CatchUpAsync(notice.Session, ct);
    }

    private async Task CatchUpAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await sessions.CatchUpAsync(id, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The next notice or resync for this session tries again.
            LogFailed(e, id);
        }
    }

    [LoggerMessage(EventId = Log.CatchUpFailed, Level = LogLevel.Error, Message = "Catching up session {SessionId} after a notice failed")]
    private partial void LogFailed(Exception exception, Guid sessionId);
}
