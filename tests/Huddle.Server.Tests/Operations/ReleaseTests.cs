using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Coaching;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Operations;

/// <summary>
/// The release as an operator installs it: scripts/publish.sh builds the self-contained tarball;
/// it is unpacked into a temporary prefix and started as systemd would, from its data folder,
/// as an unprivileged user (when the tests run as root), in Production with no signing key.
/// </summary>
public sealed class ReleaseTests
{
    [Fact]
    public async Task PublishedTarball_InstalledAndStartedElsewhere_ServesTheWebApp_AndAJam()
    {
        if (!OperatingSystem.IsLinux()) return; // the release is linux-x64
        var root = Directory.CreateTempSubdirectory("huddle-release-");
        Process? server = null;
        try
        {
            var tarball = (await RunAsync(Path.Combine(Repository.Root, "scripts", "publish.sh"), [Path.Combine(root.FullName, "out")],
                new Dictionary<string, string> { ["HUDDLE_VERSION"] = "test" })).Trim().Split('\n')[^1];
            Assert.EndsWith("huddle-test-linux-x64.tar.gz", tarball, StringComparison.Ordinal);
            var prefix = Directory.CreateDirectory(Path.Combine(root.FullName, "opt")).FullName;
            await RunAsync("tar", ["-xzf", tarball, "-C", prefix]);
            var install = Path.Combine(prefix, "huddle");
            Assert.True(File.Exists(Path.Combine(install, "deploy", "huddle.service")));
            Assert.True(File.Exists(Path.Combine(install, "deploy", "nginx-huddle.conf")));
            Assert.True(File.Exists(Path.Combine(install, "libhostfxr.so")), "the folder carries its own .NET runtime");

            // /var/lib/huddle: owned by the service's user; the install itself stays root's and read-only to it.
            var data = Directory.CreateDirectory(Path.Combine(root.FullName, "var-lib-huddle")).FullName;
            var asRoot = Environment.UserName == "root";
            if (asRoot)
            {
                File.SetUnixFileMode(root.FullName, (UnixFileMode)0b111_101_101);
                await RunAsync("chown", ["-R", "nobody:nogroup", data]);
            }

            var port = ServerProcess.FreePort();
            var baseUri = new Uri($"http://127.0.0.1:{port}");
            var executable = Path.Combine(install, "Huddle.Server");
            var info = asRoot
                ? new ProcessStartInfo("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", executable, "--urls", baseUri.ToString()])
                : new ProcessStartInfo(executable, ["--urls", baseUri.ToString()]);
            info.WorkingDirectory = data;
            info.RedirectStandardOutput = info.RedirectStandardError = true;
            foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("Jwt__", StringComparison.Ordinal)
                || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
                info.Environment.Remove(inherited);
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment["HOME"] = data;
            info.Environment["Huddle__PublicBaseUrl"] = baseUri.ToString();
            server = Process.Start(info)!;
            var output = new System.Text.StringBuilder();
            server.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            server.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            server.BeginOutputReadLine();
            server.BeginErrorReadLine();

            using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
            await WaitReadyAsync(http, server, output);

            var home = await http.GetStringAsync("/");
            Assert.Contains("<div id=\"root\"></div>", home, StringComparison.Ordinal);
            var script = System.Text.RegularExpressions.Regex.Match(home, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(script)).StatusCode);

            var created = await http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "Ops" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var session = await created.Content.ReadFromJsonAsync<JsonElement>();
            var code = session.GetProperty("code").GetString()!;
            Assert.Equal($"{baseUri}join/{code}", session.GetProperty("joinUrl").GetString());
            await using (var host = await TestClient.ConnectAsync(new Uri(baseUri, "/hubs/session")))
            await using (var guest = await TestClient.ConnectAsync(new Uri(baseUri, "/hubs/session")))
            {
                await host.JoinAsync(code, null, session.GetProperty("participantToken").GetString());
                var joined = await guest.JoinAsync(code, "Guest");
                Assert.Equal(2, joined.GetProperty("participants").GetArrayLength());
            }

            // The data folder is the working directory's data/ (the default connection string), key included.
            var key = Path.Combine(data, "data", SigningKeyFile.FileName);
            Assert.True(File.Exists(Path.Combine(data, "data", "huddle.db")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
        finally
        {
            if (server is { HasExited: false }) server.Kill(entireProcessTree: true);
            if (server is not null) await server.WaitForExitAsync();
            server?.Dispose();
            root.Delete(recursive: true);
        }
    }

    private static async Task WaitReadyAsync(HttpClient http, Process server, System.Text.StringBuilder output)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) Assert.Fail($"The release exited with {server.ExitCode}: {output}");
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The release did not become ready: {output}");
    }

    private static async Task<string> RunAsync(string file, string[] args, IDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        // `dotnet test` leaves its MSBuild and NuGet settings in the environment; a nested publish must not inherit them.
        foreach (var inherited in info.Environment.Keys.Where(k => k.Contains("MSBUILD", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("NUGET", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(inherited);
        foreach (var (key, value) in env ?? new Dictionary<string, string>()) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await stdout}{await stderr}");
        return await stdout;
    }
}
