namespace Huddle.Storage;

/// <summary>Section <c>Storage</c> (and <c>ConnectionStrings:Huddle</c>): which database backs Huddle.</summary>
public sealed class StorageOptions
{
    public const string DefaultSqlite = "Data Source=data/huddle.db";

    public string Provider { get; set; } = "Sqlite";

    /// <summary><c>ConnectionStrings:Huddle</c>; on SQLite it defaults to <see cref="DefaultSqlite"/>.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string in use (SQLite's default when none is set).</summary>
    public string EffectiveConnectionString => string.IsNullOrWhiteSpace(ConnectionString) ? DefaultSqlite : ConnectionString;

    public IEnumerable<string> Validate()
    {
        if (!IsPostgres && !string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
            yield return $"Provider '{Provider}' is not supported (use Sqlite or Postgres).";
        if (IsPostgres && (string.IsNullOrWhiteSpace(ConnectionString) || ConnectionString.Contains("Data Source", StringComparison.OrdinalIgnoreCase)))
            yield return "Provider is Postgres: set ConnectionStrings:Huddle to a PostgreSQL connection string (Host=...;Database=...;Username=...).";
    }
}
