using Huddle.Core;

using Huddle.Core.Application;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Hosting;

/// <summary>
/// Runs a piece of engine work every <c>interval</c> on the injected clock (so tests can drive
/// it with a fake one). A failed run is logged and the next one still happens.
/// </summary>
public abstract partial class PeriodicWork(TimeSpan interval, TimeProvider time, ILogger log) : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(log, e, GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = Log.BackgroundFailed, Level = LogLevel.Error, Message = "{Work} failed")]
    private static partial void LogFailed(ILogger log, Exception exception, string work);
}

/// <summary>Due work: autoPlay advances and host migrations whose grace period is over.</summary>
public sealed class EngineTicker(SessionService sessions, IOptions<EngineOptions> options, TimeProvider time, ILogger<EngineTicker> log)
    : PeriodicWork(options.Value.TickInterval, time, log)
{
    protected override Task RunOnceAsync(CancellationToken ct) => sessions.TickAsync(ct);
}

/// <summary>Ends inactive sessions and deletes ended ones past retention (SPEC §2 lifecycle).</summary>
public sealed partial class SessionSweeper(SessionService sessions, IOptions<EngineOptions> options, TimeProvider time, ILogger<SessionSweeper> log)
    : PeriodicWork(options.Value.SweepInterval, time, log)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var (ended, purged) = await sessions.SweepAsync(ct);
        if (ended + purged > 0) LogSwept(ended, purged);
    }

    [LoggerMessage(EventId = Log.Swept, Level = LogLevel.Information, Message = "Sweep: {Ended} inactive sessions ended, {Purged} expired sessions deleted")]
    private partial void LogSwept(int ended, int purged);
}
