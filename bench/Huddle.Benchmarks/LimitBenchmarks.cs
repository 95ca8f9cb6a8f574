using BenchmarkDotNet.Attributes;
using Huddle.Core.Application;
using Huddle.Server.Limits;
using Huddle.Storage;
using Huddle.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Huddle.Benchmarks;

/// <summary>
/// What the shared limits add to a request (issue 22): one counter hit in the store (the cost of a
/// permit when the node must ask), and an API request's permit at the default 600 per minute, where
/// the node takes blocks of 6 and asks the store once per 6 requests. "memory" is the single-node
/// store; "postgres" needs HUDDLE_BENCH_PG (a connection string, e.g. from bench/pg.sh start).
/// </summary>
[MemoryDiagnoser]
public class LimitBenchmarks : IAsyncDisposable
{
    private ILimitStore _store = null!;
    private SharedLimits _limits = null!;
    private NpgsqlDataSource? _db;
    private long _n;

    [Params("memory", "postgres")]
    public string Store { get; set; } = "memory";

    // Synchronous: the in-process toolchain does not wait for an asynchronous setup.
    [GlobalSetup]
    public void Setup()
    {
        if (Store == "postgres")
        {
            var connection = Environment.GetEnvironmentVariable("HUDDLE_BENCH_PG")
                ?? throw new InvalidOperationException("Set HUDDLE_BENCH_PG to a PostgreSQL connection string (bench/pg.sh start prints one).");
            _db = NpgsqlDataSource.Create(connection);
            new PostgresMigrator(_db).MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
            _store = new PostgresLimitStore(_db, "bench");
        }
        else
        {
            _store = new LocalLimitStore();
        }

        _limits = new SharedLimits(_store, new EngineOptions { NodeId = "bench" }, TimeProvider.System, NullLogger<SharedLimits>.Instance);
    }

    [Benchmark(Description = "store: one counter hit")]
    public Task<WindowCount> Hit() =>
        _store.AddAsync("bench:hit:" + (++_n % 1000), 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 60_000, CancellationToken.None);

    [Benchmark(Description = "API request's permit (600/min, blocks of 6)")]
    public ValueTask<LimitVerdict> ApiPermit() => _limits.TryTakeAsync("bench:api:" + (++_n / 600), 600, TimeSpan.FromMinutes(1));

    [GlobalCleanup]
    public void Cleanup() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
        _db = null;
        GC.SuppressFinalize(this);
    }
}
