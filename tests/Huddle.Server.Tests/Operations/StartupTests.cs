using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Coaching;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Operations;

/// <summary>
/// The server as an operator starts it (a real process, Production, another working directory):
/// a bad setting ends with one line and exit code 1; a single node needs no signing key.
/// </summary>
public sealed class StartupTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huddle-startup-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData("AllowedHosts", "*", "PublicBaseUrl is required in Production")]
    [InlineData("Huddle__PublicBaseUrl", "huddle.example.org", "PublicBaseUrl must be an absolute http(s) URL")]
    [InlineData("Huddle__Limits__NameMaxLength", "0", "NameMaxLength must be 1-100")]
    [InlineData("Huddle__Http__KnownProxies__0", "not-an-ip", "KnownProxies: 'not-an-ip' is not an IP address")]
    [InlineData("Jwt__SigningKey", "too-short", "SigningKey is too short")]
    [InlineData("Storage__Provider", "Oracle", "Provider 'Oracle' is not supported")]
    [InlineData("Storage__Provider", "Postgres", "Storage: Provider is Postgres: set ConnectionStrings:Huddle")]
    [InlineData("Bus__Provider", "Kafka", "Bus: Provider 'Kafka' is not supported")]
    [InlineData("Bus__Provider", "Redis", "Bus: Provider is Redis: set Storage:Provider=Postgres too")]
    [InlineData("Huddle__Engine__InactivityTimeout", "00:00:00", "Huddle:Engine: InactivityTimeout must be at least 1 second")]
    [InlineData("Huddle__RateLimits__SessionCreatesPerMinute", "0", "Huddle:RateLimits: SessionCreatesPerMinute must be at least 1")]
    [InlineData("Huddle__Music__MaxCoverBytes", "1", "Huddle:Music: MaxCoverBytes must be between")]
    [InlineData("Coaching__Currency", "usd", "Coaching: Currency must be an ISO 4217 code")]
    [InlineData("Coaching__LoginThrottle__FreeFailuresPerIp", "0", "Coaching:LoginThrottle: FreeFailuresPerIp must be 1 to 100,000")]
    [InlineData("Admin__BootstrapEmail", "root@example.org", "Admin: Set both BootstrapEmail and BootstrapPassword")]
    [InlineData("Movies__Tmdb__BaseUrl", "not a url", "Movies:Tmdb: BaseUrl must be an absolute http(s) URL")]
    public async Task BadConfiguration_EndsWithOneLineOnStderr_ExitCode1_AndNoStackTrace(string key, string value, string expected)
    {
        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(_dir.FullName, new Dictionary<string, string> { [key] = value });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Huddle cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "huddle.db")), "a refused start must not create the database");
    }

    [Fact]
    public async Task Production_OnPostgres_WithoutSigningKey_RefusesInOneLine_NamingTheSetting()
    {
        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(_dir.FullName, new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Huddle"] = "Host=127.0.0.1;Port=1;Database=huddle;Username=huddle",
            ["Jwt__SigningKey"] = "",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Jwt: SigningKey is missing", line, StringComparison.Ordinal);
        Assert.Contains("Jwt__SigningKey", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, SigningKeyFile.FileName)));
    }

    [Fact]
    public async Task Production_OnSqlite_WithoutSigningKey_KeepsAnOwnerOnlyKeyInTheDataFolder_AndTokensSurviveARestart()
    {
        var env = new Dictionary<string, string> { ["Jwt__SigningKey"] = "" };
        var port = ServerProcess.FreePort();
        string token;
        await using (var first = await ServerProcess.StartAsync(_dir.FullName, port, env))
        {
            using var http = new HttpClient { BaseAddress = first.BaseUri };
            var register = await http.PostAsJsonAsync("/api/auth/register", new { email = "solo@example.com", password = "solo password 1" });
            Assert.Equal(HttpStatusCode.Created, register.StatusCode);
            token = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            Assert.Equal(0, await first.TerminateAsync());
        }

        var keyFile = Path.Combine(_dir.FullName, SigningKeyFile.FileName);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        var key = (await File.ReadAllTextAsync(keyFile)).Trim();
        Assert.True(Convert.FromBase64String(key).Length >= 32);
        var log = await File.ReadAllTextAsync(Path.Combine(_dir.FullName, $"server-{port}.log"));
        Assert.Contains("generated one and stored it in", log, StringComparison.Ordinal);
        Assert.DoesNotContain(key, log, StringComparison.Ordinal);

        await using var second = await ServerProcess.StartAsync(_dir.FullName, port, env);
        using var again = new HttpClient { BaseAddress = second.BaseUri };
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me") { Headers = { Authorization = new("Bearer", token) } };
        Assert.Equal(HttpStatusCode.OK, (await again.SendAsync(me)).StatusCode);
        Assert.Equal(key, (await File.ReadAllTextAsync(keyFile)).Trim());
    }

    [Fact]
    public async Task StartedFromAnotherWorkingDirectory_ServesTheWebApp_NotThePlaceholder()
    {
        // ServerProcess runs the DLL from the test output folder with the data folder as working directory.
        await using var server = await ServerProcess.StartAsync(_dir.FullName, ServerProcess.FreePort());
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        var home = await http.GetStringAsync("/");
        var joinPage = await http.GetStringAsync("/join/ABCDEF");

        Assert.Contains("<div id=\"root\"></div>", home, StringComparison.Ordinal);
        Assert.DoesNotContain("The web app is not built", home, StringComparison.Ordinal);
        Assert.Equal(home, joinPage);
    }
}
