using Huddle.Storage.Migrations;
using Npgsql;

namespace Huddle.Storage.Postgres;

/// <summary>The schema on PostgreSQL: versioned migrations, applied once however many nodes start together.</summary>
public sealed class PostgresMigrator(NpgsqlDataSource db) : IMigrator
{
    // Any fixed number: every Huddle node takes the same advisory lock to migrate one at a time.
    private const long MigrationLockKey = 0x4875_6464_6C65;

    /// <summary>Applies pending migrations under an advisory lock, so nodes starting together migrate once.</summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await PostgresSql.ExecAsync(connection, "SELECT pg_advisory_lock(@key)", ct, null, ("key", MigrationLockKey));
        try
        {
            await PostgresSql.ExecAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     NOT NULL PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, ct);
            var applied = new HashSet<int>();
            await using (var cmd = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetInt32(0));
            }

            foreach (var migration in SqlMigrations.For("Postgres").Where(m => !applied.Contains(m.Version)))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                await PostgresSql.ExecAsync(connection, migration.Sql, ct, tx);
                await PostgresSql.ExecAsync(connection, "INSERT INTO schema_migrations (version, name) VALUES (@v, @n)", ct, tx,
                    ("v", migration.Version), ("n", migration.Name));
                await tx.CommitAsync(ct);
            }
        }
        finally
        {
            await PostgresSql.ExecAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, null, ("key", MigrationLockKey));
        }
    }
}
