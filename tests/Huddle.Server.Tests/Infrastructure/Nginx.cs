using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Huddle.Server.Tests.Infrastructure;

/// <summary>
/// Debian's nginx running the configuration from docs/nginx/huddle.conf, with only its listen port
/// and upstream servers swapped for the test's, so the documented configuration is what is tested.
/// </summary>
public sealed partial class Nginx : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _dir;

    private Nginx(Process process, DirectoryInfo dir, Uri baseUri)
    {
        _process = process;
        _dir = dir;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static async Task<Nginx> StartAsync(IEnumerable<Uri> upstreams)
    {
        var binary = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed: apt-get install -y nginx-light (the test command's .ci/run does this).");
        var dir = Directory.CreateTempSubdirectory("huddle-nginx-");
        var port = ServerProcess.FreePort();
        var documented = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "nginx", "huddle.conf"));
        var servers = string.Join("\n", upstreams.Select(u => $"    server {u.Host}:{u.Port} max_fails=1 fail_timeout=10s;"));
        var site = ListenLine().Replace(UpstreamServers().Replace(documented, servers, 1), $"listen 127.0.0.1:{port};");
        if (site == documented) throw new InvalidOperationException("docs/nginx/huddle.conf no longer has the expected listen/server lines.");

        var d = dir.FullName;
        await File.WriteAllTextAsync(Path.Combine(d, "site.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(d, "nginx.conf"), $$"""
            worker_processes 1;
            daemon off;
            pid {{d}}/nginx.pid;
            error_log {{d}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{d}}/body;
                proxy_temp_path {{d}}/proxy;
                fastcgi_temp_path {{d}}/fastcgi;
                uwsgi_temp_path {{d}}/uwsgi;
                scgi_temp_path {{d}}/scgi;
                include {{d}}/site.conf;
            }
            """);
        var info = new ProcessStartInfo(binary, ["-p", d, "-c", Path.Combine(d, "nginx.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info)!;
        var baseUri = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(2) };
        // Ready is the signal; the ceiling (far above a start on a busy machine) only catches a hang.
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync()}");
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode) return new Nginx(process, dir, baseUri);
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
        throw new TimeoutException("nginx did not start.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"(?m)^    server 127\.0\.0\.1:\d+[^\n]*(\n    server 127\.0\.0\.1:\d+[^\n]*)*")]
    private static partial Regex UpstreamServers();

    [GeneratedRegex(@"listen 8080;")]
    private static partial Regex ListenLine();
}
