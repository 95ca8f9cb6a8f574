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

    /// <summary>An append lost a version race to another node's commit; the mutation is decided again.</summary>
    void Conflicted();

    /// <summary>
    /// Another node's commit was applied here. <paramref name="source"/>: <c>notice</c> (carried by its
    /// notice), <c>conflict</c> (returned by a lost race) or <c>read</c> (read back from the store).
    /// </summary>
    void RemoteApplied(string source);
}

/// <summary>Nobody listens: for the engine's unit tests and tools.</summary>
public sealed class NoEngineMetrics : IEngineMetrics
{
    public static readonly NoEngineMetrics Instance = new();

    public void Committed(TimeSpan elapsed)
    {
    }

    public void Conflicted()
    {
    }

    public void RemoteApplied(string source)
    {
    }
}
