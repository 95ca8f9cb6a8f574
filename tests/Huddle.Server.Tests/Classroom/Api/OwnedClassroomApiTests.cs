using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Huddle.Server.Tests.Classroom.Api;

/// <summary>
/// Teachers who own their rooms (issue 20): classrooms created with a coaching account count against the
/// account, are listed in "My rooms" and are reopened as host only by that account, over real HTTP and the hub.
/// </summary>
public sealed class OwnedClassroomApiTests() : ServerTest(time: new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero))), IDisposable
{
    private readonly List<HttpClient> _clients = [];

    [Fact]
    public async Task AccountRooms_CountAgainstTheAccount_NameVariantsCannotUseThemUp_NameOnlyStillWorks()
    {
        // Someone squats every spelling of the teacher's name first: the name's three places are gone.
        // (A zero-width variant is refused as a name outright: invalid_name.)
        foreach (var name in new[] { "Dr Ada", " dr  ada ", "DR ADA" })
        {
            var squat = await Server.Http.PostAsJsonAsync("/api/sessions", new { kind = "classroom", hostName = name });
            Assert.Equal(HttpStatusCode.Created, squat.StatusCode);
            Assert.Equal(JsonValueKind.Null, (await squat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("host").GetProperty("accountId").ValueKind);
        }

        Assert.Equal("host_session_limit", await CodeOf(await Server.Http.PostAsJsonAsync("/api/sessions", new { kind = "classroom", hostName = "dr ada" })));
        var (ada, adaId) = await AccountAsync("Dr Ada");

        // The account still has its own three places, under the same display name.
        var rooms = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            var response = await ada.PostAsJsonAsync("/api/classrooms", new { title = $"Physics {i}" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            rooms.Add(await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        var host = rooms[0].GetProperty("host");
        Assert.Equal("Dr Ada", host.Str("displayName"));
        Assert.Equal(adaId, host.GetProperty("accountId").GetGuid());
        Assert.Equal(rooms[0].Str("participantId"), host.Str("participantId"));
        Assert.Equal("classroom", rooms[0].Str("kind"));

        // The fourth is refused by the account's cap; ending one frees a place.
        var refused = await ada.PostAsJsonAsync("/api/classrooms", new { title = "One too many" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("host_session_limit", await CodeOf(refused));
        Assert.Equal(3, (await ada.GetFromJsonAsync<JsonElement>("/api/classrooms/mine")).GetArrayLength());
        await EndAsync(rooms[0]);
        Assert.Equal(HttpStatusCode.Created, (await ada.PostAsJsonAsync("/api/classrooms", new { hostName = "Prof. Ada" })).StatusCode);
    }

    [Fact]
    public async Task Mine_ListsOnlyTheCallersRooms_NewestFirst_ActiveAndEnded_AnonymousIs401()
    {
        var (ada, _) = await AccountAsync("Ada");
        var (grace, _) = await AccountAsync("Grace");
        var first = await CreateOwnedAsync(ada, "First");
        Advance();
        var second = await CreateOwnedAsync(ada, "Second");
        Advance();
        var graces = await CreateOwnedAsync(grace, "Grace's");
        await Server.CreateSessionAsync("classroom", "Ada"); // name-only: nobody's room
        await EndAsync(first);

        var mine = await ada.GetFromJsonAsync<JsonElement>("/api/classrooms/mine");

        Assert.Equal([second.Str("code"), first.Str("code")], mine.EnumerateArray().Select(r => r.Str("code")));
        Assert.Equal(["active", "ended"], mine.EnumerateArray().Select(r => r.Str("status")));
        Assert.Equal("Second", mine[0].Str("title"));
        Assert.EndsWith($"/join/{second.Str("code")}", mine[0].Str("joinUrl"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Number, mine[1].GetProperty("endedAt").ValueKind);
        Assert.Equal([graces.Str("code")], (await grace.GetFromJsonAsync<JsonElement>("/api/classrooms/mine")).EnumerateArray().Select(r => r.Str("code")));

        var anonymous = await Server.Http.GetAsync("/api/classrooms/mine");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("unauthenticated", await CodeOf(anonymous));
    }

    [Fact]
    public async Task Reopen_ByTheOwner_ReissuesTheHostToken_TheOldOneStopsWorking_AndTakesTheHostRoleBack()
    {
        var (ada, _) = await AccountAsync("Ada");
        var room = await CreateOwnedAsync(ada, "Physics");
        var code = room.Str("code");
        var oldToken = room.Str("participantToken");
        var host = await Server.ConnectAsync();
        await host.JoinAsync(code, null, oldToken);
        var ben = await Server.JoinAsync(code, "Ben");
        await host.Send("TransferHost", new { participantId = ben.ParticipantId });
        await ben.WaitFor("hostChanged", e => e.Str("participantId") == ben.ParticipantId);

        var response = await ada.PostAsync($"/api/classrooms/{code}/reopen", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reopened = await response.Content.ReadFromJsonAsync<JsonElement>();
        var newToken = reopened.Str("participantToken");
        Assert.NotEqual(oldToken, newToken);
        Assert.Equal(room.Str("participantId"), reopened.Str("participantId"));
        Assert.Equal("host", reopened.GetProperty("snapshot").GetProperty("you").Str("role"));
        var moved = await ben.WaitFor("hostChanged", e => e.Str("participantId") == room.Str("participantId"));
        Assert.Equal("owner_reopened", moved.Str("reason"));

        var thief = await Server.ConnectAsync();
        await thief.RejectedAsync("invalid_token", "JoinSession", new { code, participantToken = oldToken });
        var teacher = await Server.ConnectAsync();
        var snapshot = await teacher.JoinAsync(code, null, newToken);
        Assert.Equal("host", snapshot.GetProperty("you").Str("role"));
        Assert.Equal(room.Str("participantId"), teacher.ParticipantId);
    }

    [Fact]
    public async Task Reopen_ByAnotherAccount_Anonymous_ANameOnlyRoom_OrAnEndedOne_IsRefused_AndChangesNothing()
    {
        var (ada, _) = await AccountAsync("Ada");
        var (grace, _) = await AccountAsync("Grace");
        var room = await CreateOwnedAsync(ada, "Physics");
        var code = room.Str("code");
        var host = await Server.ConnectAsync();
        var before = (await host.JoinAsync(code, null, room.Str("participantToken"))).GetProperty("session").GetProperty("version").GetInt64();
        var nameOnly = await Server.CreateSessionAsync("classroom", "Ada");
        var ended = await CreateOwnedAsync(ada, "Ended");
        await EndAsync(ended);

        var other = await grace.PostAsync($"/api/classrooms/{code}/reopen", null);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("not_room_owner", await CodeOf(other));
        var anonymous = await Server.Http.PostAsync($"/api/classrooms/{code}/reopen", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("unauthenticated", await CodeOf(anonymous));
        Assert.Equal("not_room_owner", await CodeOf(await ada.PostAsync($"/api/classrooms/{nameOnly.Code}/reopen", null)));
        var gone = await ada.PostAsync($"/api/classrooms/{ended.Str("code")}/reopen", null);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("session_ended", await CodeOf(gone));
        Assert.Equal("session_not_found", await CodeOf(await ada.PostAsync("/api/classrooms/ZZZZZZ/reopen", null)));

        // Nothing changed: no commit, the host's token still works, Grace's list is empty.
        var again = await Server.ConnectAsync();
        var after = await again.JoinAsync(code, null, room.Str("participantToken"));
        Assert.Equal("host", after.GetProperty("you").Str("role"));
        Assert.Equal(before + 1, after.GetProperty("session").GetProperty("version").GetInt64()); // only this join's presence commit
        Assert.Equal(0, (await grace.GetFromJsonAsync<JsonElement>("/api/classrooms/mine")).GetArrayLength());
    }

    [Fact]
    public async Task Create_WithoutAnAccount_Is401_AndWithABadName_Is400_CreatingNothing()
    {
        var anonymous = await Server.Http.PostAsJsonAsync("/api/classrooms", new { title = "Physics" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("unauthenticated", await CodeOf(anonymous));
        var (ada, _) = await AccountAsync("Ada");

        var bad = await ada.PostAsJsonAsync("/api/classrooms", new { hostName = "Ada\u0007" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("invalid_name", await CodeOf(bad));
        Assert.Equal(0, (await ada.GetFromJsonAsync<JsonElement>("/api/classrooms/mine")).GetArrayLength());
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }

    private void Advance() => ((FakeTimeProvider)Server.Services.GetService(typeof(TimeProvider))!).Advance(TimeSpan.FromSeconds(1));

    private async Task<(HttpClient Http, Guid Id)> AccountAsync(string name)
    {
        var response = await Server.Http.PostAsJsonAsync("/api/auth/register",
            new { email = $"teacher-{Guid.NewGuid():N}@example.com", password = "correct horse battery", name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var http = new HttpClient { BaseAddress = Server.BaseUri };
        _clients.Add(http);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.Str("accessToken"));
        return (http, body.GetProperty("account").GetProperty("id").GetGuid());
    }

    private static async Task<JsonElement> CreateOwnedAsync(HttpClient account, string title)
    {
        var response = await account.PostAsJsonAsync("/api/classrooms", new { title });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task EndAsync(JsonElement room)
    {
        using var end = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{room.Str("code")}/end");
        end.Headers.Add("X-Participant-Token", room.Str("participantToken"));
        Assert.Equal(HttpStatusCode.NoContent, (await Server.Http.SendAsync(end)).StatusCode);
    }

    private static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code");
}
