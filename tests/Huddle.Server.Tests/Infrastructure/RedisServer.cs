using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Huddle.Server.Tests.Infrastructure;

/// <summary>
/// A throwaway redis-server for a test class: a free loopback port, nothing saved (<c>--save ""
/// --appendonly no</c>), its own temp folder; killed and deleted when disposed, and by a watcher if the
/// test process dies first. <see cref="KillAsync"/> is <c>kill -9</c>; <see cref="StartAgainAsync"/>
/// brings it back, empty, on the same port. Redis missing is a failure, never a skip: `.ci/run` installs it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly DirectoryInfo _dir;
    private Process? _process;

    private RedisServer(DirectoryInfo dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists("/usr/bin/redis-server"))
            throw new InvalidOperationException("redis-server is not installed. Install it: apt-get install -y redis-server. The test command's .ci/run does this.");
        var server = new RedisServer(Directory.CreateTempSubdirectory("huddle-redis-"), ServerProcess.FreePort());
        try
        {
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts redis-server on this port and returns once it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo("/usr/bin/redis-server",
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", _dir.FullName, "--logfile", Path.Combine(_dir.FullName, "redis.log")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(info)!;
        Watch(_process.Id, _dir.FullName);
        var started = Stopwatch.StartNew();
        while (!await AnswersAsync())
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}: {File.ReadAllText(Path.Combine(_dir.FullName, "redis.log"))}");
            if (started.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("redis-server did not answer in 30 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: the clients' connections break at once.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _dir.Delete(recursive: true);
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Kills the server and deletes its folder if this test process goes first, however it went (see
    /// PostgresCluster.WatchOver); ends quietly when the server stops first (killed by the test).
    /// </summary>
    private static void Watch(int pid, string dir)
    {
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 {pid} 2>/dev/null; do sleep 0.5; done; " +
                     $"if ! kill -0 {Environment.ProcessId} 2>/dev/null; then kill -9 {pid} 2>/dev/null; rm -rf '{dir}'; fi";
        Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", script]) { RedirectStandardInput = true })!.Dispose();
    }
}
