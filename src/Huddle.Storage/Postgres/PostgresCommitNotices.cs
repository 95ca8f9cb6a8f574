using System.Globalization;
using System.Text.Json;
using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Storage.Coaching;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Huddle.Storage.Postgres;

/// <summary>
/// The node's one listener: hears other nodes' commits and coaching notices on one dedicated
/// connection (LISTEN on both channels). When that connection breaks, it reconnects with backoff
/// and reports <c>missed</c>, because notices sent meanwhile are gone. A quiet connection is
/// checked every few seconds, so a silently dead one is noticed.
/// </summary>
/// <param name="commits">False when another bus (Redis) carries the commits: this connection then listens for coaching notices only.</param>
public sealed partial class PostgresCommitNotices(
    NpgsqlDataSource db, string nodeId, ILogger<PostgresCommitNotices> log, PostgresCoachingRelay? coaching = null, bool commits = true) : ICommitNotices
{
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(5);
    private volatile bool _listening;

    public bool Listening => _listening;

    public async Task ListenAsync(Action<CommitNotice> committed, Func<Task> missed, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(ct);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == PostgresCoachingRelay.Channel) coaching?.Heard(e.Payload);
                    else if (Parse(e.Payload, nodeId) is { } notice) committed(notice);
                };
                var channels = string.Join("; LISTEN ", new[] { commits ? PostgresSessionStore.Channel : null, coaching is null ? null : PostgresCoachingRelay.Channel }.OfType<string>());
                await using (var listen = new NpgsqlCommand($"LISTEN {channels}", connection))
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

    /// <summary>
    /// The notice of another node's commit, with the commit when the payload carries it; null for
    /// this node's own commits and for a payload it cannot read. A carried commit that does not
    /// parse is dropped, not the notice: the version alone still makes this node read the commit.
    /// </summary>
    public static CommitNotice? Parse(string payload, string ownNode)
    {
        var parts = payload.Split(' ', 5);
        if (parts.Length is not (3 or 5) || parts[0] == ownNode || !Guid.TryParse(parts[1], out var session)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            return null;
        if (parts.Length == 3 || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var at))
            return new CommitNotice(session, version);
        try
        {
            return new CommitNotice(session, version, new Commit(version, at, SessionEventJson.Deserialize(parts[4])));
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            return new CommitNotice(session, version);
        }
    }

    [LoggerMessage(EventId = Log.CommitNoticesListening, Level = LogLevel.Information, Message = "Node {Node} is listening for other nodes' commits")]
    private partial void LogListening(string node);

    [LoggerMessage(EventId = Log.CommitNoticesLost, Level = LogLevel.Warning, Message = "Lost the commit-notice connection; retrying in {DelayMs} ms")]
    private partial void LogLost(Exception exception, double delayMs);
}
