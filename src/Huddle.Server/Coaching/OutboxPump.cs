namespace Huddle.Server.Coaching;

/// <summary>
/// The loop both coaching outboxes run (<see cref="CoachingMailer"/>, <see cref="WebhookDispatcher"/>): wait
/// <see cref="PollInterval"/> on the injected clock, then one pass, forever. Waiting first keeps start-up quick,
/// and on a fake clock a pass happens only when time moves. Passes on one node never overlap: one a test (or an
/// admin's requeue) asks for waits for the background one, so when it returns everything due has been handled;
/// other nodes are kept apart by the outboxes' claims.
/// </summary>
public abstract class OutboxPump(TimeProvider time) : BackgroundService
{
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>The clock (the derived class reads it here, so the constructor's parameter is captured once).</summary>
    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan PollInterval { get; }

    /// <summary>Off: neither the loop nor a requested pass does anything.</summary>
    protected virtual bool Enabled => true;

    protected abstract Task PassAsync(CancellationToken ct);

    /// <summary>Logs a pass that threw; the next poll tries again.</summary>
    protected abstract void PassFailed(Exception e);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, Time, stoppingToken);
                await PumpAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                PassFailed(e);
            }
        }
    }

    /// <summary>One pass; returns when this node has handled everything due now.</summary>
    public async Task PumpAsync(CancellationToken ct)
    {
        if (!Enabled) return;
        await _pass.WaitAsync(ct);
        try
        {
            await PassAsync(ct);
        }
        finally
        {
            _pass.Release();
        }
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
