namespace Huddle.Core.Application;

/// <summary>
/// What the engine tells operators about itself; the server implements it over
/// <c>System.Diagnostics.Metrics</c>. Called on the hottest paths (every vote): implementations
/// must not allocate or lock.
/// </summary>
public interface IEngineMetrics
{
    /// <summary>A mutation was decided and durably committed; <paramref name="elapsed"/> is decide + store append.</summary>
    void Committed(TimeSpan elapsed);
}

/// <summary>Nobody listens: for the engine's unit tests and tools.</summary>
public sealed class NoEngineMetrics : IEngineMetrics
{
    public static readonly NoEngineMetrics Instance = new();

    public void Committed(TimeSpan elapsed)
    {
    }
}
