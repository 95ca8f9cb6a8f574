using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Huddle.Storage.Music;

/// <summary>How the music tables' stores open a connection on each provider.</summary>
internal static class SqlConnections
{
    /// <summary>Not pooled: these stores are used now and then, and must hold no file handle after the app stops.</summary>
    public static Func<CancellationToken, Task<DbConnection>> Sqlite(string connectionString)
    {
        var cs = new SqliteConnectionStringBuilder(connectionString) { Pooling = false, DefaultTimeout = 30 }.ToString();
        return async ct =>
        {
            var connection = new SqliteConnection(cs);
            await connection.OpenAsync(ct);
            return connection;
        };
    }

    public static Func<CancellationToken, Task<DbConnection>> Postgres(NpgsqlDataSource dataSource) =>
        async ct => await dataSource.OpenConnectionAsync(ct);
}
