using Huddle.Core;
using Huddle.Server.Infrastructure;
using Huddle.Server.Options;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Hubs;

/// <summary>
/// Cross-cutting hub work in one place: per-connection rate limits (all invocations, and the
/// relay separately), and the single mapping of failures to HubException messages that start
/// with a stable code ("queue_full: …"). Unexpected exceptions are logged, never sent.
/// </summary>
public sealed partial class HubGuardFilter(
    IOptions<RateLimitOptions> options, SessionOutbox<SessionHub> outbox, HuddleMetrics metrics, TimeProvider time, ILogger<HubGuardFilter> log) : IHubFilter
{
    private const string InvocationLimiterKey = "huddle.limiter";
    private const string RelayLimiterKey = "huddle.relayLimiter";

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
            metrics.HubInvoked(method, "rate_limited");
            metrics.RateLimited(e.Limiter);
            LogRejected(method, "rate_limited");
            throw new HubException($"rate_limited: {e.Message}");
        }
        catch (HubException)
        {
            metrics.HubInvoked(method, "hub_error");
            throw;
        }
        catch (OperationCanceledException) when (context.Context.ConnectionAborted.IsCancellationRequested)
        {
            metrics.HubInvoked(method, "cancelled");
            throw new HubException("cancelled: The connection closed.");
        }
        catch (Exception e)
        {
            metrics.HubInvoked(method, "internal_error");
            LogFailed(e, method);
            throw new HubException("internal_error: Something went wrong on the server.");
        }
    }

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var o = options.Value;
        context.Context.Items[InvocationLimiterKey] = Bucket(o.HubInvocationsPerSecond, o.HubInvocationBurst);
        context.Context.Items[RelayLimiterKey] = Bucket(o.RelayEventsPerSecond, o.RelayBurst);
        metrics.ConnectionOpened();
        return next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            metrics.ConnectionClosed();
        }
    }

    private static void Acquire(HubCallerContext context, string key, string limiter)
    {
        if (context.Items.TryGetValue(key, out var value) && value is TokenBucket bucket && !bucket.TryTake())
            throw new RateLimitedException(1, limiter);
    }

    private TokenBucket Bucket(int perSecond, int burst) => new(perSecond, burst, time);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Hub {Method} rejected: {Code}")]
    private partial void LogRejected(string method, string code);

    [LoggerMessage(EventId = 1901, Level = LogLevel.Error, Message = "Hub {Method} failed")]
    private partial void LogFailed(Exception exception, string method);
}
