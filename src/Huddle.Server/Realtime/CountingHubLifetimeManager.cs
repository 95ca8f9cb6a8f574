using Huddle.Server.Observability;
using Microsoft.AspNetCore.SignalR;

namespace Huddle.Server.Realtime;

/// <summary>SignalR's own lifetime manager, counting each send by event name.</summary>
public sealed class CountingHubLifetimeManager(
    ILogger<DefaultHubLifetimeManager<SessionHub>> logger, HuddleMetrics metrics) : DefaultHubLifetimeManager<SessionHub>(logger)
{
    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendAllAsync(methodName, args, cancellationToken);
    }

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);
    }

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendConnectionAsync(connectionId, methodName, args, cancellationToken);
    }

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendGroupAsync(groupName, methodName, args, cancellationToken);
    }

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendGroupsAsync(groupNames, methodName, args, cancellationToken);
    }

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        metrics.EventSent(methodName);
        return base.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);
    }
}
