using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Huddle.Server.Tests.Infrastructure;

/// <summary>Huddle as a separate OS process, so a test can kill it with SIGKILL and start it again.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>The environment that points a server process at this test run's storage: a fresh PostgreSQL database when asked for, else nothing (SQLite in the data folder).</summary>
    public static async Task<Dictionary<string, string>> StorageEnvironmentAsync() =>
        PostgresCluster.Requested
            ? new() { ["Storage__Provider"] = "Postgres", ["ConnectionStrings__Huddle"] = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync() }
            : [];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts the server DLL on a loopback port; SQLite in <paramref name="dataDir"/> unless
    /// <paramref name="env"/> says otherwise (e.g. Storage__Provider=Postgres).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string dataDir, int port, IDictionary<string, string>? env = null)
    {
        var baseUri = new Uri($"http://127.0.0.1:{port}");
        var process = Process.Start(StartInfo(dataDir, baseUri, env))!;
        // The server's output goes to a file in its data folder, for reading after a failure.
        var log = new StreamWriter(Path.Combine(dataDir, $"server-{port}.log"), append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (log) log.Dispose(); };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(2) };
        // Ready is the signal; the ceiling only catches a server that hangs. A busy machine (other builds,
        // the JIT of two nodes at once) has taken over 30 s to start one, so the ceiling is far above that.
        var started = Stopwatch.StartNew();
        while (started.Elapsed < StartTimeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"Huddle exited with code {process.ExitCode} during start.");
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode) return new ServerProcess(process, baseUri);
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"Huddle did not become ready in {StartTimeout.TotalSeconds} s.");
    }

    /// <summary>
    /// Runs the server expecting it to refuse to start; returns its exit code and what it wrote.
    /// Killed after 30 s if it starts after all (the caller's assertion on the exit code then fails).
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(string dataDir, IDictionary<string, string>? env = null)
    {
        using var process = Process.Start(StartInfo(dataDir, new Uri($"http://127.0.0.1:{FreePort()}"), env))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Production, SQLite in <paramref name="dataDir"/> (also the working directory), the tests' key and host names.</summary>
    private static ProcessStartInfo StartInfo(string dataDir, Uri baseUri, IDictionary<string, string>? env)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Huddle.Server.dll"), "--urls", baseUri.ToString()])
        {
            WorkingDirectory = dataDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ConnectionStrings__Huddle"] = $"Data Source={Path.Combine(dataDir, "huddle.db")}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Huddle__RateLimits__SessionCreatesPerMinute"] = "1000";
        info.Environment["Jwt__SigningKey"] = HuddleServer.TestSigningKey;
        info.Environment["AllowedHosts"] = HuddleServer.TestHosts;
        info.Environment["Huddle__Music__UseDefaultFolder"] = "false";
        foreach (var (key, value) in env ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return info;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing — only what was committed survives.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }
}
