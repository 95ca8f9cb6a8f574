using System.Data.Common;
using Huddle.Core.Sessions;

namespace Huddle.Storage;

/// <summary>Reads commits from rows of (version, at, events) the same way for every provider.</summary>
internal static class CommitRows
{
    public static Commit Read(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), SessionEventJson.Deserialize(reader.GetString(2)));

    /// <summary>
    /// The rows of a "session LEFT JOIN its commits" query: null when there is no row (no such
    /// session), an empty list when the session exists but has no commit after the asked version.
    /// </summary>
    public static async Task<IReadOnlyList<Commit>?> ReadSessionAsync(DbDataReader reader, CancellationToken ct)
    {
        List<Commit>? commits = null;
        while (await reader.ReadAsync(ct))
        {
            commits ??= [];
            if (!reader.IsDBNull(0)) commits.Add(Read(reader));
        }

        return commits;
    }
}
