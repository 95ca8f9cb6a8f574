using System.Net;
using System.Text;
using System.Text.Json;
using Huddle.Core.Sessions;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Operations;

/// <summary>
/// /openapi/v1.json is true to the server: every documented route answers with a status the
/// document lists, every route that demands sign-in says so, request fields carry their limits.
/// </summary>
public sealed class ApiDescriptionTests() : ServerTest(new Dictionary<string, string?> { ["Huddle:Limits:NameMaxLength"] = "24" })
{
    [Fact]
    public async Task EveryDocumentedRoute_AnswersAStatusTheDocumentLists_AndSignInRoutesDeclareBearer()
    {
        var document = await DocumentAsync();
        var checkedRoutes = 0;
        foreach (var (path, method, operation) in Operations(document))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
            if (operation.TryGetProperty("requestBody", out _)) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await Server.Http.SendAsync(request);
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var listed = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();

            Assert.True(listed.Contains(status), $"{method} {path} answered {status}; the document lists {string.Join(", ", listed)}");
            if (response.StatusCode == HttpStatusCode.Unauthorized && response.Headers.WwwAuthenticate.Count > 0) // a challenge, not a refused login
            {
                Assert.True(operation.TryGetProperty("security", out var security), $"{method} {path} demands sign-in but declares no security");
                Assert.Contains(security.EnumerateArray(), s => s.TryGetProperty("Bearer", out _));
            }

            if (path.StartsWith("/api/", StringComparison.Ordinal)) Assert.Contains("429", listed);
            checkedRoutes++;
        }

        Assert.True(checkedRoutes > 30, $"only {checkedRoutes} routes documented");
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task RequestFields_CarryTheLimitsThisServerEnforces_AndLoginDocumentsItsToken()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var create = schemas.GetProperty("CreateSessionRequest");
        var hostName = create.GetProperty("properties").GetProperty("hostName");

        Assert.Equal(24, hostName.GetProperty("maxLength").GetInt32()); // the configured limit, not a constant
        Assert.Equal(new HuddleLimits().TitleMaxLength, create.GetProperty("properties").GetProperty("title").GetProperty("maxLength").GetInt32());
        Assert.Equal(["kind", "hostName"], create.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var settings = schemas.GetProperty("SettingsPatch").GetProperty("properties");
        Assert.Equal(new HuddleLimits().QueueMaxSize, settings.GetProperty("maxQueueSize").GetProperty("maximum").GetInt32());
        var password = schemas.GetProperty("RegisterRequest").GetProperty("properties").GetProperty("password");
        Assert.Equal(Huddle.Server.Coaching.PasswordRules.MinLength, password.GetProperty("minLength").GetInt32());
        var code = document.GetProperty("paths").GetProperty("/api/sessions/{code}").GetProperty("get").GetProperty("parameters")[0];
        Assert.Equal("^[A-HJKMNP-Za-hjkmnp-z2-9]{6}$", code.GetProperty("schema").GetProperty("pattern").GetString());
        var login = document.GetProperty("paths").GetProperty("/api/auth/login").GetProperty("post").GetProperty("responses");
        Assert.True(login.TryGetProperty("200", out var ok) && ok.TryGetProperty("content", out _), "login documents its 200 with the token");

        // A name one over the documented limit is refused as the document says.
        var tooLong = await Server.Http.PostAsync("/api/sessions", new StringContent(
            JsonSerializer.Serialize(new { kind = "jam", hostName = new string('n', 25) }), Encoding.UTF8, "application/json"));
        await Problem.AssertAsync(tooLong, 400, "invalid_name");
    }

    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await Server.Http.GetStringAsync("/openapi/v1.json")).RootElement;

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where operation.Name != "parameters"
        select (path.Name, operation.Name.ToUpperInvariant(), operation.Value);

    /// <summary>Path parameters filled with well-formed values that name nothing.</summary>
    private static string Fill(string path) => System.Text.RegularExpressions.Regex.Replace(path, "{([^}]+)}", m => m.Groups[1].Value switch
    {
        "code" => "ZZZZZZ",
        "role" => "coach",
        "id" when path.StartsWith("/api/songs", StringComparison.Ordinal) => "no-such-song",
        _ => Guid.NewGuid().ToString(),
    });
}
