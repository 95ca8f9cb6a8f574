using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>A signed-in user of a test server: their id and an HttpClient that sends their token.</summary>
public sealed record User(Guid Id, string Email, string Token, HttpClient Http) : IDisposable
{
    public void Dispose() => Http.Dispose();
}

/// <summary>
/// A coaching test: a fresh server whose business clock is fake (Monday 2026-03-02 12:00 UTC) with
/// a bootstrap admin, and builders for clients and coaches.
/// </summary>
public abstract class CoachingTest : IAsyncLifetime
{
    public const string AdminEmail = "admin@huddle.test";
    public const string AdminPassword = "admin-password-1";
    public const string Password = "correct horse battery";
    public const long LateFeeCents = 3000;

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Wednesday 10:00 UTC, inside the default availability.</summary>
    public static readonly DateTimeOffset Wednesday10 = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private readonly List<IDisposable> _owned = [];

    protected FakeTimeProvider Time { get; } = new(Start);

    protected HuddleServer Server { get; private set; } = null!;

    protected User Admin { get; private set; } = null!;

    /// <summary>Settings a test class adds to the server's (e.g. an operator's admin key).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Admin:BootstrapEmail"] = AdminEmail,
            ["Admin:BootstrapPassword"] = AdminPassword,
            ["Coaching:LateCancellationFeeCents"] = LateFeeCents.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in ExtraSettings) settings[key] = value;
        Server = await HuddleServer.StartAsync(settings, Time);
        Admin = await LoginAsync(AdminEmail, AdminPassword);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var d in _owned) d.Dispose();
        await Server.DisposeAsync();
    }

    protected HttpClient Anonymous() => Own(new HttpClient { BaseAddress = Server.BaseUri });

    protected async Task<User> RegisterAsync(string? name = null)
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var response = await Server.Http.PostAsJsonAsync("/api/auth/register", new { email, password = Password, name = name ?? "User" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return UserFrom(await response.Content.ReadFromJsonAsync<JsonElement>(), email);
    }

    protected async Task<User> LoginAsync(string email, string password)
    {
        var response = await Server.Http.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return UserFrom(await response.Content.ReadFromJsonAsync<JsonElement>(), email);
    }

    /// <summary>A coach (granted by the admin) available Monday–Friday 09:00–17:00 in the given zone.</summary>
    protected async Task<User> CoachAsync(string timeZone = "UTC", string name = "Coach")
    {
        var coach = await RegisterAsync(name);
        (await Admin.Http.PostAsJsonAsync($"/api/admin/users/{coach.Id}/roles", new { role = "coach" })).EnsureSuccessStatusCode();
        var windows = Enumerable.Range(1, 5).Select(d => new { dayOfWeek = d, start = "09:00", end = "17:00" });
        var put = await coach.Http.PutAsJsonAsync("/api/coaches/me/availability", new { timeZone, windows, exceptions = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return coach;
    }

    protected static Task<HttpResponseMessage> BookAsync(
        User client, User coach, DateTimeOffset at, int minutes = 60, string? key = null, string title = "Career chat")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions/book")
        {
            Content = JsonContent.Create(new { title, description = "Next steps", scheduledAt = at.ToString("O"), durationMinutes = minutes, coachId = coach.Id }),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return client.Http.SendAsync(request);
    }

    protected static async Task<JsonElement> BookedAsync(User client, User coach, DateTimeOffset at, int minutes = 60)
    {
        var response = await BookAsync(client, coach, at, minutes);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Booking at {at:O}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected static async Task<List<DateTimeOffset>> SlotStartsAsync(HttpClient http, User coach, DateTimeOffset from, DateTimeOffset to, int minutes = 60)
    {
        var url = $"/api/coaches/{coach.Id}/availability?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&durationMinutes={minutes}";
        var slots = await http.GetFromJsonAsync<JsonElement>(url);
        return [.. slots.EnumerateArray().Select(s => s.GetProperty("start").GetDateTimeOffset())];
    }

    protected static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }

    protected User UserFrom(JsonElement body, string email)
    {
        var token = body.GetProperty("accessToken").GetString()!;
        var http = Own(new HttpClient { BaseAddress = Server.BaseUri });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new User(body.GetProperty("account").GetProperty("id").GetGuid(), email, token, http);
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
