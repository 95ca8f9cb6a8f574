using Huddle.Core;
using Huddle.Server.Http;
using Huddle.Server.Limits;
using Huddle.Server.Observability;
using Huddle.Server.Options;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Realtime;

/// <summary>
/// Cross-cutting hub work in one place: rate limits (per connection: all invocations, and the relay
/// separately; per client IP: open connections and all invocations; per session: calls that change
/// it), and the single mapping of failures to HubException messages that start with a stable code
/// ("queue_full: …"). Unexpected exceptions are logged, never sent.
/// </summary>
public sealed partial class HubGuardFilter(
    IOptions<RateLimitOptions> options, SessionOutbox<SessionHub> outbox, HubBudgets budgets, HuddleMetrics metrics, TimeProvider time,
    ILogger<HubGuardFilter> log) : IHubFilter
{
    private const string InvocationLimiterKey = "huddle.limiter";
    private const string RelayLimiterKey = "huddle.relayLimiter";

    /// <summary>The <see cref="HubBudgets.Slot"/> of an accepted connection, held until it closes (its place in the per-IP cap).</summary>
    private const string OpenKey = "huddle.open";

    /// <summary>
    /// Calls left out of the per-session budget: those that never change a session (the relay has its
    /// own bucket), joining and leaving, and the host's moderation: a session flooded to its budget
    /// must still let the host kick the flooder or end it (only the host's calls of these commit, and
    /// the host's own connection bucket still applies). A new method counts unless it is added here.
    /// </summary>
    private static readonly HashSet<string> NotCommits = new(StringComparer.Ordinal)
    {
        nameof(SessionHub.Ping), nameof(SessionHub.JoinSession), nameof(SessionHub.LeaveSession), nameof(SessionHub.GetSnapshot),
        nameof(SessionHub.GetRecommendations), nameof(SessionHub.GetBans), nameof(SessionHub.Broadcast), nameof(SessionHub.React),
        nameof(SessionHub.WatchCoach), nameof(SessionHub.UnwatchCoach), nameof(SessionHub.WatchDirectory), nameof(SessionHub.UnwatchDirectory),
        nameof(SessionHub.Kick), nameof(SessionHub.Unban), nameof(SessionHub.EndSession),
    };

    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var method = context.HubMethodName;
        try
        {
            if (options.Value.Enabled)
            {
                Acquire(context.Context, InvocationLimiterKey, "hub");
                if (method == nameof(SessionHub.Broadcast)) Acquire(context.Context, RelayLimiterKey, "relay");
                if (context.Context.Items.TryGetValue(OpenKey, out var slot) && slot is HubBudgets.Slot open && !await budgets.TryCallAsync(open.Ip))
                    throw new RateLimitedException(1, "ip");
                if (!NotCommits.Contains(method) && SessionHub.JoinedSession(context.Context) is { } sessionId && !budgets.TryCommit(sessionId))
                    throw new RateLimitedException(1, "session");
            }

            var result = await next(context);

            // Events leave from the session's outbox; a call completes once its own events are out.
            // Not Ping: its round trip measures the clock offset and must not wait behind a fan-out.
            if (method != nameof(SessionHub.Ping)) await outbox.SentAsync(context.Context.ConnectionId);
            metrics.HubInvoked(method, "ok");
            return result;
        }
        catch (HuddleException e)
        {
            metrics.HubInvoked(method, e.Code);
            LogRejected(method, e.Code);
            throw new HubException($"{e.Code}: {e.Message}");
        }
        catch (RateLimitedException e)
        {
            metrics.HubInvoked(method, ErrorCodes.RateLimited);
            metrics.RateLimited(e.Limiter);
            LogRejected(method, ErrorCodes.RateLimited);
            throw new HubException($"{ErrorCodes.RateLimited}: {e.Message} (limit: {e.Limiter})");
        }
        catch (HubException)
        {
            metrics.HubInvoked(method, "hub_error");
            throw;
        }
        catch (OperationCanceledException) when (context.Context.ConnectionAborted.IsCancellationRequested)
        {
            metrics.HubInvoked(method, ErrorCodes.Cancelled);
            throw new HubException($"{ErrorCodes.Cancelled}: The connection closed.");
        }
        catch (Exception e)
        {
            metrics.HubInvoked(method, ErrorCodes.InternalError);
            LogFailed(e, method);
            throw new HubException($"{ErrorCodes.InternalError}: Something went wrong on the server.");
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var o = options.Value;
        var ip = RateLimiting.ClientIp(context.Context.GetHttpContext());
        var slot = o.Enabled ? await budgets.TryOpenAsync(ip) : null;
        if (o.Enabled && slot is null)
        {
            // Thrown from OnConnectedAsync, a HubException's message reaches the client in the close
            // frame ("Connection closed with an error. HubException: too_many_connections: …"), and
            // SignalR tells the client not to reconnect.
            metrics.RateLimited("connections");
            LogRejected("OnConnected", ErrorCodes.TooManyConnections);
            throw new HubException($"{ErrorCodes.TooManyConnections}: This address already has {o.MaxConnectionsPerIp} open connections; close one and try again.");
        }

        context.Context.Items[OpenKey] = slot;
        context.Context.Items[InvocationLimiterKey] = Bucket(o.HubInvocationsPerSecond, o.HubInvocationBurst);
        context.Context.Items[RelayLimiterKey] = Bucket(o.RelayEventsPerSecond, o.RelayBurst);
        metrics.ConnectionOpened();
        try
        {
            await next(context);
        }
        catch (Exception e)
        {
            // SignalR does not call OnDisconnectedAsync after a failed OnConnectedAsync.
            await ClosedAsync(context.Context);
            if (e is not HubException) LogFailed(e, "OnConnected");
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            await ClosedAsync(context.Context);
        }
    }

    /// <summary>Frees the connection's slot once, however it ended.</summary>
    private async ValueTask ClosedAsync(HubCallerContext context)
    {
        if (!context.Items.Remove(OpenKey, out var slot)) return;
        metrics.ConnectionClosed();
        if (slot is HubBudgets.Slot open) await budgets.CloseAsync(open);
    }

    private static void Acquire(HubCallerContext context, string key, string limiter)
    {
        if (context.Items.TryGetValue(key, out var value) && value is TokenBucket bucket && !bucket.TryTake())
            throw new RateLimitedException(1, limiter);
    }

    private TokenBucket Bucket(int perSecond, int burst) => new(perSecond, burst, time);

    [LoggerMessage(EventId = Log.HubRejected, Level = LogLevel.Information, Message = "Hub {Method} rejected: {Code}")]
    private partial void LogRejected(string method, string code);

    [LoggerMessage(EventId = Log.HubFailed, Level = LogLevel.Error, Message = "Hub {Method} failed")]
    private partial void LogFailed(Exception exception, string method);
}
