using System.Net.Http.Json;
using System.Text.Json;

namespace Huddle.Server.Tests.Infrastructure;

/// <summary>Movie sessions for server tests: created over REST with preferences, then joined on the hub.</summary>
public static class MovieNights
{
    public static async Task<(CreatedSession Session, JsonElement Body)> CreateMovieNightAsync(
        this HuddleServer server, object? preferences = null, object? settings = null)
    {
        var response = await server.Http.PostAsJsonAsync("/api/sessions", new { kind = "movie", hostName = "Host", title = "Film night", settings, preferences });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (new CreatedSession(body.Str("code"), body.Str("participantToken"), body.Str("participantId")), body);
    }

    /// <summary>Creates a movie night and connects the host.</summary>
    public static async Task<(CreatedSession Session, TestClient Host)> CreateAndJoinMovieNightAsync(
        this HuddleServer server, object? preferences = null, object? settings = null)
    {
        var (session, _) = await server.CreateMovieNightAsync(preferences, settings);
        var host = await server.ConnectAsync();
        await host.JoinAsync(session.Code, null, session.HostToken);
        return (session, host);
    }

    public static JsonElement Deck(this JsonElement snapshot) => snapshot.GetProperty("deck");

    public static IReadOnlyList<int> MovieIds(this JsonElement cards) =>
        cards.EnumerateArray().Select(c => c.GetProperty("movieId").GetInt32()).ToList();

    public static Task Swipe(this TestClient client, int movieId, bool like) => client.Send("Swipe", new { movieId, like });
}
