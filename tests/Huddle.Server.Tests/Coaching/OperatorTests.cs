using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Tests.Coaching;

/// <summary>The coaching operator knobs: the Production signing-key rule and the admin command.</summary>
public sealed class OperatorTests
{
    [Theory]
    [InlineData("", "Postgres")] // several nodes must share a key: none is generated for them
    [InlineData("too-short-key", "Sqlite")]
    public async Task Production_WithoutAStrongSigningKey_DoesNotStart_AndSaysWhy(string key, string provider)
    {
        var settings = new Dictionary<string, string?> { ["Jwt:SigningKey"] = key, ["Storage:Provider"] = provider };
        if (provider == "Postgres") settings["ConnectionStrings:Huddle"] = "Host=127.0.0.1;Port=1;Database=huddle;Username=huddle";
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => HuddleServer.StartAsync(settings));

        Assert.Contains("Jwt: SigningKey", e.Message, StringComparison.Ordinal);
        Assert.Contains("32 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_WithoutASigningKey_StartsWithAGeneratedKey_AndItsTokensWork()
    {
        var dir = Directory.CreateTempSubdirectory("huddle-dev-key-");
        try
        {
            await using var server = await ServerProcess.StartAsync(dir.FullName, ServerProcess.FreePort(),
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Jwt__SigningKey"] = "" });
            using var http = new HttpClient { BaseAddress = server.BaseUri };

            var register = await http.PostAsJsonAsync("/api/auth/register", new { email = "dev@example.com", password = "dev password 1" });
            var token = (await register.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();

            Assert.Equal(HttpStatusCode.Created, register.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await MeAsync(http, token!)).StatusCode);
            // Not some fixed key: a token signed with the tests' key is refused by this server.
            Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(http, ForeignToken())).StatusCode);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static Task<HttpResponseMessage> MeAsync(HttpClient http, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me") { Headers = { Authorization = new("Bearer", token) } };
        return http.SendAsync(request);
    }

    private static string ForeignToken() => new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(
        new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "huddle", Audience = "huddle", Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString() },
            SigningCredentials = new(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(HuddleServer.TestSigningKey)),
                Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });

    [Fact]
    public async Task AdminCreateCommand_CreatesAnAdminThatCanSignIn_AndIsIdempotent()
    {
        var dir = Directory.CreateTempSubdirectory("huddle-admin-cmd-");
        try
        {
            var db = $"--ConnectionStrings:Huddle=Data Source={Path.Combine(dir.FullName, "huddle.db")}";
            var (first, firstOut) = await RunAsync(dir.FullName, "admin", "create", "--email", "Root@Example.com", "--password", "root-password-1", db);
            var (second, secondOut) = await RunAsync(dir.FullName, "admin", "create", "--email", "root@example.com", "--password", "root-password-1", db);
            var (bad, _) = await RunAsync(dir.FullName, "admin", "create", "--email", "root@example.com", db);

            Assert.True(first == 0, firstOut);
            Assert.Contains("created", firstOut, StringComparison.Ordinal);
            Assert.True(second == 0, secondOut);
            Assert.Contains("exists", secondOut, StringComparison.Ordinal);
            Assert.Equal(2, bad);

            await using var server = await ServerProcess.StartAsync(dir.FullName, ServerProcess.FreePort());
            using var http = new HttpClient { BaseAddress = server.BaseUri };
            var login = await http.PostAsJsonAsync("/api/auth/login", new { email = "root@example.com", password = "root-password-1" });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var roles = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("account").GetProperty("roles");
            Assert.Contains("admin", roles.EnumerateArray().Select(r => r.GetString()));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string workDir, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Huddle.Server.dll"), .. args])
        {
            WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
