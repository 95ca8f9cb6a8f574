using Huddle.Server.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Huddle.Server.Hubs;

/// <summary>
/// Graceful shutdown (SIGTERM): before SignalR closes this node's hub connections, every client is
/// told to reconnect, so behind a load balancer they land on another node and rejoin with their
/// tokens. In-flight hub calls and requests finish within the host's shutdown timeout.
/// </summary>
public sealed partial class ShutdownNotifier(
    IHostApplicationLifetime lifetime, IHubContext<SessionHub, ISessionClient> hub, ILogger<ShutdownNotifier> log) : IHostedService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // SignalR closes connections from its own ApplicationStopping callback, registered when the hub
        // was mapped. Callbacks run last-registered first, so this one (registered at start) runs before
        // it. The callback is synchronous, hence the bounded wait.
        _registration = lifetime.ApplicationStopping.Register(() =>
        {
            LogStopping();
            try
            {
                hub.Clients.All.reconnect(new ReconnectEvent("server_restarting", 500)).Wait(TimeSpan.FromSeconds(2));
            }
            catch (AggregateException e)
            {
                // Clients that did not hear it still reconnect when their connection closes.
                LogNotTold(e.InnerException ?? e);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _registration.DisposeAsync().AsTask();

    [LoggerMessage(EventId = 1130, Level = LogLevel.Information, Message = "Shutting down: telling clients to reconnect")]
    private partial void LogStopping();

    [LoggerMessage(EventId = 1131, Level = LogLevel.Warning, Message = "Could not tell every client to reconnect")]
    private partial void LogNotTold(Exception exception);
}
