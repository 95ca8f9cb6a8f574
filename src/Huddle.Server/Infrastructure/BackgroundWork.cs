using Huddle.Core.Application;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Infrastructure;

/// <summary>Runs the engine's due work (autoPlay advances, host migrations) on the injected clock.</summary>
public sealed partial class EngineTicker(SessionService sessions, IOptions<EngineOptions> options, TimeProvider time, ILogger<EngineTicker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TickInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sessions.TickAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogTickFailed(e);
            }
        }
    }

    [LoggerMessage(EventId = 1902, Level = LogLevel.Error, Message = "Engine tick failed")]
    private partial void LogTickFailed(Exception exception);
}

/// <summary>Ends inactive sessions and deletes ended ones past retention (SPEC §2 lifecycle).</summary>
public sealed partial class SessionSweeper(SessionService sessions, IOptions<EngineOptions> options, TimeProvider time, ILogger<SessionSweeper> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var (ended, purged) = await sessions.SweepAsync(stoppingToken);
                if (ended + purged > 0) LogSwept(ended, purged);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(e);
            }
        }
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Sweep: {Ended} inactive sessions ended, {Purged} expired sessions deleted")]
    private partial void LogSwept(int ended, int purged);

    [LoggerMessage(EventId = 1903, Level = LogLevel.Error, Message = "Session sweep failed")]
    private partial void LogSweepFailed(Exception exception);
}
