using BenchmarkDotNet.Attributes;
using Huddle.Core.Sessions;
using Huddle.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Huddle.Benchmarks;

/// <summary>
/// One acknowledged vote's commit: SqliteSessionStore.AppendAsync (compare-and-set on the header,
/// insert into the log, WAL + synchronous=FULL). "disk" is a file in the temp folder; "tmpfs" is
/// /dev/shm, where fsync costs nothing — the difference is the price of durability on this disk.
/// </summary>
[MemoryDiagnoser]
public class StorageBenchmarks : IDisposable
{
    private SqliteSessionStore _store = null!;
    private string _file = "";
    private Guid _id;
    private long _version;

    [Params("disk", "tmpfs")]
    public string Location { get; set; } = "disk";

    [GlobalSetup]
    public async Task Setup()
    {
        var folder = Location == "tmpfs" && Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _file = Path.Combine(folder, $"huddle-bench-{Guid.NewGuid():N}.db");
        _store = new SqliteSessionStore($"Data Source={_file}");
        await _store.MigrateAsync(CancellationToken.None);
        _id = Guid.NewGuid();
        var settings = SessionSettings.Defaults(Jam.Limits);
        var first = new Commit(1, 0, Session.Create(_id, "BENCH3", SessionKind.Jam, "bench", settings, Jam.Id(0), "host", "hash-0", 0));
        await _store.CreateAsync(_id, "BENCH3", SessionKind.Jam, "bench", first, CancellationToken.None);
        _version = 1;
    }

    [Benchmark(Description = "SQLite AppendAsync (one vote commit)")]
    public Task AppendVote()
    {
        var version = ++_version;
        return _store.AppendAsync(_id, new Commit(version, version, [new VoteCast("q_item", Jam.Id(1), version % 2 == 0 ? 1 : -1)]), CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing || _file.Length == 0) return;
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_file + suffix);
        _file = "";
    }
}
