using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Huddle.Core.Application;
using Huddle.Core.Coaching;

namespace Huddle.Server.Observability;

/// <summary>
/// Counts failed database calls (<c>huddle.db.errors</c>) for every store port in one place: each
/// port is wrapped in a proxy that watches the call's task and counts a <see cref="System.Data.Common.DbException"/>
/// or <see cref="TimeoutException"/> under the operation's name (<c>append</c>, <c>load</c>,
/// <c>find_inactive</c>, <c>presence.connect</c>, <c>coaching.book</c>, …). Exceptions pass through unchanged.
/// </summary>
public static class StoreErrorCounting
{
    /// <summary>Wraps the store ports registered so far; call after storage and coaching are added.</summary>
    public static IServiceCollection CountStoreErrors(this IServiceCollection services)
    {
        Decorate<ISessionStore>(services, "");
        Decorate<IPresenceStore>(services, "presence.");
        Decorate<IClassroomStore>(services, "classroom.");
        Decorate<IAccountStore>(services, "accounts.");
        Decorate<ICoachingStore>(services, "coaching.");
        return services;
    }

    private static void Decorate<T>(IServiceCollection services, string prefix)
        where T : class
    {
        var index = services.Count - 1;
        while (index >= 0 && services[index].ServiceType != typeof(T)) index--;
        if (index < 0) return;
        var original = services[index];
        services[index] = ServiceDescriptor.Singleton<T>(sp =>
        {
            var inner = original.ImplementationInstance as T
                ?? original.ImplementationFactory?.Invoke(sp) as T
                ?? (T)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!);
            var proxy = DispatchProxy.Create<T, CountingProxy<T>>();
            ((CountingProxy<T>)(object)proxy).Watch(inner, prefix, sp.GetRequiredService<HuddleMetrics>());
            return proxy;
        });
    }

    private static bool IsDatabaseFailure(Exception e) => e is System.Data.Common.DbException or TimeoutException;

    /// <summary><c>FindInactiveAsync</c> → <c>find_inactive</c>.</summary>
    private static string OperationOf(MethodInfo method)
    {
        var name = method.Name.EndsWith("Async", StringComparison.Ordinal) ? method.Name[..^5] : method.Name;
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    // DispatchProxy needs a public, non-sealed proxy type with a parameterless constructor.
#pragma warning disable CA1852
    public class CountingProxy<T> : DispatchProxy
#pragma warning restore CA1852
        where T : class
    {
        private static readonly ConcurrentDictionary<MethodInfo, (string Operation, MethodInfo? Watch)> Methods = new();
        private static readonly MethodInfo WatchResult = typeof(CountingProxy<T>).GetMethod(nameof(WatchResultAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

        private T _inner = null!;
        private string _prefix = "";
        private HuddleMetrics _metrics = null!;

        internal void Watch(T inner, string prefix, HuddleMetrics metrics)
        {
            _inner = inner;
            _prefix = prefix;
            _metrics = metrics;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            var (operation, watch) = Methods.GetOrAdd(targetMethod, static (m, prefix) => (
                prefix + OperationOf(m),
                m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
                    ? WatchResult.MakeGenericMethod(m.ReturnType.GetGenericArguments()[0])
                    : null), _prefix);
            object? result;
            try
            {
                result = targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is { } inner)
            {
                if (IsDatabaseFailure(inner)) _metrics.StoreFailed(operation);
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                throw;
            }

            return result switch
            {
                Task task when watch is not null => watch.Invoke(this, [task, operation]),
                Task task => WatchAsync(task, operation),
                _ => result,
            };
        }

        private async Task WatchAsync(Task task, string operation)
        {
            try
            {
                await task;
            }
            catch (Exception e) when (IsDatabaseFailure(e))
            {
                _metrics.StoreFailed(operation);
                throw;
            }
        }

        private async Task<TResult> WatchResultAsync<TResult>(Task task, string operation)
        {
            try
            {
                return await (Task<TResult>)task;
            }
            catch (Exception e) when (IsDatabaseFailure(e))
            {
                _metrics.StoreFailed(operation);
                throw;
            }
        }
    }
}
