using System.Data.Common;
using Huddle.Core.Coaching;
using Microsoft.Data.Sqlite;

namespace Huddle.Storage.Coaching;

/// <summary>
/// Coaching SQL on the embedded SQLite file. Writes run in BEGIN IMMEDIATE transactions (one writer at
/// a time, waiting up to 30 s for the lock), and the no-overlap trigger refuses a second booking
/// of a slot inside that serialized write.
/// </summary>
public sealed class SqliteCoachingDb : CoachingDb
{
    private const int SqliteConstraint = 19;
    private readonly string _connectionString;

    public SqliteCoachingDb(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30, ForeignKeys = true };
        _connectionString = builder.ToString();
    }

    internal override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    // Microsoft.Data.Sqlite is synchronous underneath; deferred: false is BEGIN IMMEDIATE.
    internal override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    internal override BookingResult? ClassifyConflict(Exception e) => e switch
    {
        SqliteException { SqliteErrorCode: SqliteConstraint } s when s.Message.Contains("coaching_coach_overlap", StringComparison.Ordinal) => BookingResult.CoachBusy,
        SqliteException { SqliteErrorCode: SqliteConstraint } s when s.Message.Contains("coaching_client_overlap", StringComparison.Ordinal) => BookingResult.ClientBusy,
        _ => null,
    };

    internal override bool IsUniqueViolation(Exception e) =>
        e is SqliteException { SqliteErrorCode: SqliteConstraint } s && s.Message.Contains("UNIQUE", StringComparison.Ordinal);
}
