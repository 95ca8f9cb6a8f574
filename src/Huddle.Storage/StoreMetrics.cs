using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;

namespace Huddle.Storage;

/// <summary>What the stores report about their database calls; the server counts it as <c>huddle.db.errors</c>.</summary>
public interface IStoreMetrics
{
    /// <summary>A call failed in the database or timed out: <c>append</c>, <c>presence.connect</c>, <c>coaching.book</c>, …</summary>
    void StoreFailed(string operation);

    /// <summary>A commit notice arrived on the Redis bus (any session this node follows, its own commits included).</summary>
    void BusReceived()
    {
    }
}

/// <summary>
/// How a store reports a failed call: each port method runs its body through <see cref="Run(Func{Task}, string)"/>, whose
/// exception filter counts a database failure under the port's prefix and the method's name
/// (<c>FindInactiveAsync</c> → <c>find_inactive</c>) and never catches, so the exception passes unchanged.
/// </summary>
internal sealed class StoreCalls(IStoreMetrics? metrics, string prefix)
{
    /// <summary>Runs a port method's body; a database failure is counted under the calling method's name.</summary>
    public async Task Run(Func<Task> call, [CallerMemberName] string method = "")
    {
        try
        {
            await call();
        }
        catch (Exception e) when (Failed(e, method))
        {
            throw;
        }
    }

    /// <inheritdoc cref="Run(Func{Task}, string)"/>
    public async Task<T> Run<T>(Func<Task<T>> call, [CallerMemberName] string method = "")
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (Failed(e, method))
        {
            throw;
        }
    }

    /// <summary>Always false: an exception filter that only counts.</summary>
    private bool Failed(Exception e, string method)
    {
        if (metrics is not null && e is DbException or TimeoutException) metrics.StoreFailed(prefix + OperationOf(method));
        return false;
    }

    private static string OperationOf(string method)
    {
        var name = method.EndsWith("Async", StringComparison.Ordinal) ? method[..^5] : method;
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
