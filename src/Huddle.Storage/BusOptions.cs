using StackExchange.Redis;

namespace Huddle.Storage;

/// <summary>
/// Section <c>Bus</c>: how nodes tell each other about commits. <c>Postgres</c> (the default) sends
/// them with the commit (NOTIFY) and keeps the shared limits in tables; <c>Redis</c> publishes them on
/// one channel per session and keeps the shared limits in Redis. PostgreSQL stays the store of record.
/// </summary>
public sealed class BusOptions
{
    public string Provider { get; set; } = "Postgres";

    public RedisBusOptions Redis { get; set; } = new();

    public bool IsRedis => string.Equals(Provider, "Redis", StringComparison.OrdinalIgnoreCase);

    /// <summary>Redis carries notices between nodes that share one PostgreSQL; SQLite serves one node and has no bus.</summary>
    public const string NeedsPostgres = "Bus: Provider is Redis: set Storage:Provider=Postgres too (SQLite serves one node and has no bus).";

    public IEnumerable<string> Validate()
    {
        if (!IsRedis && !string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase))
            yield return $"Provider '{Provider}' is not supported (use Postgres or Redis).";
        if (!IsRedis) yield break;
        if (string.IsNullOrWhiteSpace(Redis.Configuration))
        {
            yield return "Provider is Redis: set Bus:Redis:Configuration to a StackExchange.Redis connection string (host:port,password=...).";
        }
        else if (!Parses(Redis.Configuration))
        {
            // Never the string itself: it may hold a password.
            yield return "Redis:Configuration is not a valid StackExchange.Redis connection string.";
        }
    }

    private static bool Parses(string configuration)
    {
        try
        {
            return ConfigurationOptions.Parse(configuration).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

public sealed class RedisBusOptions
{
    /// <summary>A StackExchange.Redis connection string, e.g. <c>redis.internal:6379,password=…</c>.</summary>
    public string? Configuration { get; set; }
}
