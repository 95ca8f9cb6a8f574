using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;

namespace Huddle.Storage;

/// <summary>What the stores report about their database calls; the server counts it as <c>huddle.db.errors</c>.</summary>
public interface IStoreMetrics
{
    /// <summary>A call failed in the database or timed out: <c>append</c>, <c>presence.connect</c>, <c>coaching.book</c>, …</summary>
    void StoreFailed(string operation);
}

/// <summary>
/// How a store reports a failed call: an exception filter that counts a database failure under the
/// port's prefix and the calling method's name (<c>FindInactiveAsync</c> → <c>find_inactive</c>) and
/// never catches, so the exception and its stack pass through unchanged.
/// </summary>
internal sealed class StoreCalls(IStoreMetrics? metrics, string prefix)
{
    /// <summary>For <c>catch (Exception e) when (calls.Failed(e))</c>: always false.</summary>
    public bool Failed(Exception e, [CallerMemberName] string method = "")
    {
        if (metrics is not null && e is DbException or TimeoutException) metrics.StoreFailed(prefix + OperationOf(method));
        return false;
    }

    /// <summary>Watches a call that returns its task without awaiting it (an expression-bodied port method).</summary>
    public async Task Run(Task call, [CallerMemberName] string method = "")
    {
        try
        {
            await call;
        }
        catch (Exception e) when (Failed(e, method))
        {
            throw;
        }
    }

    /// <inheritdoc cref="Run(Task, string)"/>
    public async Task<T> Run<T>(Task<T> call, [CallerMemberName] string method = "")
    {
        try
        {
            return await call;
        }
        catch (Exception e) when (Failed(e, method))
        {
            throw;
        }
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
