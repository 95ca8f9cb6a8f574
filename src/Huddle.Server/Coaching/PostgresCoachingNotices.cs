using Huddle.Core;

using Huddle.Core.Application;
using Huddle.Core.Coaching;
using Npgsql;

namespace Huddle.Server.Coaching;

/// <summary>
/// Coaching notices across nodes (PostgreSQL): this node's hub clients hear a change at once, and
/// a <c>NOTIFY huddle_coaching</c> tells the other nodes, whose <see cref="CoachingNoticeListener"/>
/// reloads the session and tells theirs. Payload: "{node} b {sessionId}" or "{node} a {coachId}".
/// </summary>
public sealed class PostgresCoachingNotices(HubCoachingNotices local, NpgsqlDataSource db, EngineOptions engine) : ICoachingNotices
{
    public const string Channel = "huddle_coaching";

    public async Task BookingChangedAsync(CoachingSession session, CancellationToken ct)
    {
        await local.BookingChangedAsync(session, ct);
        await NotifyAsync($"{engine.NodeId} b {session.Id:D}", ct);
    }

    public async Task AvailabilityChangedAsync(Guid coachId, CancellationToken ct)
    {
        await local.AvailabilityChangedAsync(coachId, ct);
        await NotifyAsync($"{engine.NodeId} a {coachId:D}", ct);
    }

    private async Task NotifyAsync(string payload, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT pg_notify(@channel, @payload)");
        cmd.Parameters.AddWithValue("channel", Channel);
        cmd.Parameters.AddWithValue("payload", payload);
        await cmd.ExecuteNonQueryAsync(CancellationToken.None);
    }
}

/// <summary>Listens for other nodes' coaching notices and replays them to this node's hub clients; reconnects with backoff.</summary>
public sealed partial class CoachingNoticeListener(
    NpgsqlDataSource db, EngineOptions engine, ICoachingStore store, HubCoachingNotices local, ILogger<CoachingNoticeListener> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                var inbox = System.Threading.Channels.Channel.CreateUnbounded<string>();
                connection.Notification += (_, e) => inbox.Writer.TryWrite(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresCoachingNotices.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                delay = TimeSpan.FromMilliseconds(100);
                var dispatch = DispatchAsync(inbox.Reader, stoppingToken);
                try
                {
                    while (true)
                    {
                        if (await connection.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken)) continue;
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteNonQueryAsync(stoppingToken);
                    }
                }
                finally
                {
                    inbox.Writer.TryComplete();
                    await dispatch;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
            {
                LogLost(e, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private async Task DispatchAsync(System.Threading.Channels.ChannelReader<string> inbox, CancellationToken ct)
    {
        await foreach (var payload in inbox.ReadAllAsync(CancellationToken.None))
        {
            var parts = payload.Split(' ');
            if (parts.Length != 3 || parts[0] == engine.NodeId || !Guid.TryParse(parts[2], out var id)) continue;
            try
            {
                if (parts[1] == "a") await local.AvailabilityChangedAsync(id, ct);
                else if (parts[1] == "b" && await store.GetAsync(id, ct) is { } session) await local.BookingChangedAsync(session, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDispatchFailed(e, payload);
            }
        }
    }

    [LoggerMessage(EventId = Log.CoachingNoticesLost, Level = LogLevel.Warning, Message = "Lost the coaching-notice connection; retrying in {DelayMs} ms")]
    private partial void LogLost(Exception exception, double delayMs);

    [LoggerMessage(EventId = Log.CoachingNoticeNotRelayed, Level = LogLevel.Warning, Message = "Could not relay coaching notice {Payload}")]
    private partial void LogDispatchFailed(Exception exception, string payload);
}
