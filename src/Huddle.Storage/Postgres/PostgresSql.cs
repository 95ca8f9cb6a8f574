using Npgsql;

namespace Huddle.Storage.Postgres;

/// <summary>The few ADO.NET helpers the PostgreSQL stores share.</summary>
internal static class PostgresSql
{
    public static async Task<IReadOnlyList<Guid>> ReadIdsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    public static void Add(NpgsqlCommand cmd, params (string Name, object? Value)[] args)
    {
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }

    public static async Task ExecAsync(
        NpgsqlConnection connection, string sql, CancellationToken ct, NpgsqlTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        Add(cmd, args);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
