using System.Runtime.InteropServices;
using Huddle.Core;
using Huddle.Server.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Huddle.Server.Realtime;

/// <summary>
/// The host's lifetime (in place of the console one): on SIGTERM or Ctrl+C, every client on this
/// node is told to reconnect *before* the host starts stopping, because SignalR closes its
/// connections as soon as stopping begins. Then the usual graceful stop runs: Kestrel stops
/// accepting, in-flight calls finish within the shutdown timeout, and the process exits with 0.
/// A second signal stops the process at once.
/// </summary>
public sealed partial class GracefulShutdown(
    IHostApplicationLifetime lifetime, IHubContext<SessionHub, ISessionClient> hub, ILogger<GracefulShutdown> log) : IHostLifetime, IDisposable
{
    /// <summary>How long clients are given to receive the notice before connections close.</summary>
    private static readonly TimeSpan FlushTime = TimeSpan.FromMilliseconds(300);

    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signalled;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 1) return; // second signal: the default, stop now
        context.Cancel = true;
        _ = Task.Run(async () =>
        {
            LogStopping(context.Signal.ToString());
            try
            {
                await hub.Clients.All.reconnect(new ReconnectEvent("server_restarting", 500)).WaitAsync(TimeSpan.FromSeconds(2));
                await Task.Delay(FlushTime);
            }
            catch (TimeoutException e)
            {
                // Clients that did not hear it still reconnect when their connection closes.
                LogNotTold(e);
            }

            lifetime.StopApplication();
        });
    }

    [LoggerMessage(EventId = Log.ShutdownStarted, Level = LogLevel.Information, Message = "{Signal}: telling clients to reconnect, then stopping")]
    private partial void LogStopping(string signal);

    [LoggerMessage(EventId = Log.ShutdownNotTold, Level = LogLevel.Warning, Message = "Could not tell every client to reconnect in time")]
    private partial void LogNotTold(Exception exception);
}
