using System.Globalization;
using Huddle.Core.Application;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Huddle.Storage.Postgres;

/// <summary>
/// Hears other nodes' commits on one dedicated connection (LISTEN). When that connection breaks,
/// it reconnects with backoff and reports <c>missed</c>, because notices sent meanwhile are gone.
/// A quiet connection is checked every few seconds, so a silently dead one is noticed.
/// </summary>
public sealed partial class PostgresCommitNotices(NpgsqlDataSource db, string nodeId, ILogger<PostgresCommitNotices> log) : ICommitNotices
{
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(5);
    private volatile bool _listening;

    public bool Listening => _listening;

    public async Task ListenAsync(Action<Guid, long> committed, Func<Task> missed, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(ct);
                connection.Notification += (_, e) =>
                {
                    if (Parse(e.Payload) is { } notice && notice.Node != nodeId) committed(notice.Session, notice.Version);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresSessionStore.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                _listening = true;
                delay = TimeSpan.FromMilliseconds(100);
                LogListening(nodeId);
                await missed();
                while (true)
                {
                    if (await connection.WaitAsync(IdleCheck, ct)) continue;
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteNonQueryAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
            {
                _listening = false;
                LogLost(e, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }

        _listening = false;
    }

    private static (string Node, Guid Session, long Version)? Parse(string payload)
    {
        var parts = payload.Split(' ');
        return parts.Length == 3 && Guid.TryParse(parts[1], out var session)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (parts[0], session, version)
            : null;
    }

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Node {Node} is listening for other nodes' commits")]
    private partial void LogListening(string node);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "Lost the commit-notice connection; retrying in {DelayMs} ms")]
    private partial void LogLost(Exception exception, double delayMs);
}
