using System.Diagnostics;
using Npgsql;

namespace Huddle.Server.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the test run: initdb into a temp folder, pg_ctl start on a
/// free loopback port, stopped and deleted when the test process exits (see <see cref="WatchOver"/>).
/// Each test gets its own database, dropped when its server stops.
/// PostgreSQL missing is a failure, never a skip: `.ci/run` installs it.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<Task<PostgresCluster>> Shared = new(StartAsync);

    private readonly string _bin;
    private readonly string _dataDir;
    private readonly int _port;
    private int _databases;

    private PostgresCluster(string bin, string dataDir, int port)
    {
        _bin = bin;
        _dataDir = dataDir;
        _port = port;
    }

    /// <summary>True when the server tests should run on PostgreSQL instead of SQLite (the test script's second pass).</summary>
    public static bool Requested => string.Equals(Environment.GetEnvironmentVariable("HUDDLE_TEST_STORAGE"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static Task<PostgresCluster> GetAsync() => Shared.Value;

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"huddle_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await cmd.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=huddle;Database={database};Pooling=true;Maximum Pool Size=40;Timeout=10";

    private static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin). Install it: apt-get install -y postgresql. " +
            "The test command's .ci/run does this.");
        var dir = Directory.CreateTempSubdirectory("huddle-pg-").FullName;
        var dataDir = Path.Combine(dir, "data");
        var port = ServerProcess.FreePort();

        // PostgreSQL refuses to run as root; as root, the cluster belongs to the postgres user.
        var asRoot = Environment.UserName == "root";
        if (asRoot) await RunAsync("chown", ["postgres", dir]);
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", dataDir, "-U", "huddle", "-A", "trust", "-E", "UTF8", "--no-sync"], asRoot);
        await RunAsync(Path.Combine(bin, "pg_ctl"),
            ["-D", dataDir, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60", "start",
             "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c max_connections=300"],
            asRoot);
        WatchOver(bin, dataDir, dir, asRoot);
        return new PostgresCluster(bin, dataDir, port);
    }

    /// <summary>
    /// Drops a database made by <see cref="CreateDatabaseAsync"/> (and its connections), so the
    /// cluster stays small however many tests ran.
    /// </summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Stops the cluster and deletes its folder once this test process has gone, however it went.
    /// Not a ProcessExit handler: `dotnet test` kills the test host 100 ms after the run ends
    /// (VSTEST_TESTHOST_SHUTDOWN_TIMEOUT), which cut that cleanup short and left every run's stopped
    /// cluster behind; a crash or Ctrl-C skipped it altogether. A small shell in its own session
    /// outlives the test host and waits for it to exit.
    /// </summary>
    private static void WatchOver(string bin, string dataDir, string dir, bool asRoot)
    {
        var stop = $"{(asRoot ? "runuser -u postgres -- " : "")}'{Path.Combine(bin, "pg_ctl")}' -D '{dataDir}' -m immediate -w stop";
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 0.2; done; {stop} >/dev/null 2>&1; rm -rf '{dir}'";
        var info = new ProcessStartInfo("setsid", ["sh", "-c", script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        Process.Start(info)!.Dispose();
    }

    private static string? FindBin()
    {
        var root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgres = false)
    {
        using var process = Start(file, args, asPostgres);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await error}{await output}");
    }

    private static Process Start(string file, string[] args, bool asPostgres)
    {
        var info = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        return Process.Start(info)!;
    }
}
