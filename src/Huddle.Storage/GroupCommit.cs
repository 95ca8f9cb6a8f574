using Huddle.Core.Sessions;

namespace Huddle.Storage;

/// <summary>One append waiting for its batch; completed when the transaction holding it is durable.</summary>
internal sealed record PendingAppend(Guid Id, Commit Commit)
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Group commit: appends that arrive while a batch is being written wait, then go together in the
/// next batch (one transaction, one fsync). The writer completes each append itself (committed, or
/// a version conflict for that append alone); a batch that throws fails every append still waiting.
/// </summary>
internal sealed class GroupCommit(Func<IReadOnlyList<PendingAppend>, Task> writeBatch)
{
    private readonly List<PendingAppend> _appends = [];
    private bool _flushing;

    public Task AppendAsync(Guid id, Commit commit)
    {
        var pending = new PendingAppend(id, commit);
        lock (_appends)
        {
            _appends.Add(pending);
            if (!_flushing)
            {
                _flushing = true;
                _ = Task.Run(FlushAsync, CancellationToken.None);
            }
        }

        return pending.Done.Task;
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            List<PendingAppend> batch;
            lock (_appends)
            {
                if (_appends.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                batch = [.. _appends];
                _appends.Clear();
            }

            try
            {
                await writeBatch(batch);
            }
            catch (Exception e)
            {
                foreach (var pending in batch) pending.Done.TrySetException(e);
            }
        }
    }
}
