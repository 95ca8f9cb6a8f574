using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;

namespace Huddle.Server.Tests.Hub.Coaching;

/// <summary>
/// A coaching session in progress is also a live room (SPEC §3.4): the parties' accounts join it
/// with its code, see each other, relay events and write shared notes; completing the session ends it.
/// </summary>
public class LiveRoomTests : Api.Coaching.CoachingTest
{
    [Fact]
    public async Task Start_OpensTheRoom_AndCoachAndClientSeeEachOtherPresent()
    {
        var (coach, client, id, code) = await StartedAsync();
        await using var coachHub = await ConnectAsync(coach);
        await using var clientHub = await ConnectAsync(client);

        var coachView = await coachHub.Call("JoinSession", new { code });
        var clientView = await clientHub.Call("JoinSession", new { code = code.ToLowerInvariant(), name = "ignored" });

        Assert.Equal("coaching", coachView.GetProperty("session").Str("kind"));
        Assert.Equal("host", coachView.GetProperty("you").Str("role"));
        Assert.Equal("member", clientView.GetProperty("you").Str("role"));
        Assert.Equal("", clientView.GetProperty("you").Str("participantToken"));
        Assert.Equal(id, clientView.GetProperty("coachingRoom").Str("coachingSessionId"));
        var joined = await coachHub.WaitFor("participantJoined", e => e.GetProperty("participant").Str("name") == "Ada");
        Assert.True(joined.GetProperty("participant").GetProperty("present").GetBoolean());
        var people = clientView.GetProperty("participants").EnumerateArray().ToDictionary(p => p.Str("name"), p => p.GetProperty("present").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["Grace"] = true, ["Ada"] = true }, people);

        var room = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/room");
        Assert.Equal(code, room.Str("code"));
        Assert.Equal("active", room.Str("status"));
        Assert.All(room.GetProperty("participants").EnumerateArray(), p => Assert.True(p.GetProperty("present").GetBoolean()));
        Assert.Equal(code, (await coach.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}")).Str("code"));
        Assert.Equal(code, (await client.Http.GetFromJsonAsync<JsonElement[]>("/api/sessions/mine"))!.Single().Str("code"));
    }

    [Fact]
    public async Task Outsiders_WithTheCode_AreRefused_AndTheRoomDoesNotChange()
    {
        var (coach, _, id, code) = await StartedAsync();
        var stranger = await RegisterAsync("Eve");
        var otherCoach = await CoachAsync(name: "Other");
        var otherClient = await RegisterAsync("Other client");
        await BookedAsync(otherClient, otherCoach, Wednesday10.AddHours(2));
        await using var coachHub = await ConnectAsync(coach);
        await coachHub.Call("JoinSession", new { code });
        await using var strangerHub = await ConnectAsync(stranger);
        await using var otherHub = await ConnectAsync(otherClient);
        var anonymous = await Server.ConnectAsync();
        var version = (await coachHub.SnapshotAsync()).GetProperty("session").GetProperty("version").GetInt64();

        await strangerHub.RejectedAsync("not_allowed", "JoinSession", new { code });
        await otherHub.RejectedAsync("not_allowed", "JoinSession", new { code });
        await anonymous.RejectedAsync("not_allowed", "JoinSession", new { code, name = "Eve" });
        await anonymous.RejectedAsync("not_allowed", "JoinSession", new { code, name = "Eve", participantToken = "guessed-token" });

        var after = await coachHub.SnapshotAsync();
        Assert.Equal(version, after.GetProperty("session").GetProperty("version").GetInt64());
        Assert.Single(after.GetProperty("participants").EnumerateArray());
        Assert.DoesNotContain(coachHub.Events, e => e.Name == "participantJoined" && e.Payload.GetProperty("participant").Str("name") != "Grace");
        await AssertProblemAsync(await stranger.Http.GetAsync($"/api/sessions/{id}/room"), HttpStatusCode.NotFound, "coaching_session_not_found");
        await AssertProblemAsync(await Server.Http.GetAsync($"/api/sessions/{code}"), HttpStatusCode.NotFound, "session_not_found");
    }

    [Fact]
    public async Task AnAdmin_MayJoin_ButNotWriteTheNotes()
    {
        var (_, _, _, code) = await StartedAsync();
        await using var adminHub = await ConnectAsync(Admin);

        var view = await adminHub.Call("JoinSession", new { code });

        Assert.Equal("member", view.GetProperty("you").Str("role"));
        await adminHub.RejectedAsync("not_allowed", "UpdateNotes", new { text = "admin was here" });
        Assert.Equal("", (await adminHub.SnapshotAsync()).GetProperty("coachingRoom").GetProperty("notes").Str("text"));
    }

    [Fact]
    public async Task SharedNotes_SyncBetweenTheParties_AndBadTextChangesNothing()
    {
        var (coach, client, id, code) = await StartedAsync();
        await using var coachHub = await ConnectAsync(coach);
        await using var clientHub = await ConnectAsync(client);
        await coachHub.Call("JoinSession", new { code });
        await clientHub.Call("JoinSession", new { code });

        await coachHub.Send("UpdateNotes", new { text = "Goals:\n- CV" });
        var seen = await clientHub.WaitFor("notesUpdated");
        await clientHub.Send("UpdateNotes", new { text = "Goals:\n- CV\n- portfolio" });
        var back = await coachHub.WaitFor("notesUpdated", e => e.Str("text").EndsWith("portfolio", StringComparison.Ordinal));

        Assert.Equal("Goals:\n- CV", seen.Str("text"));
        Assert.Equal("Grace", seen.GetProperty("updatedBy").Str("name"));
        Assert.Equal("Ada", back.GetProperty("updatedBy").Str("name"));
        Assert.True(back.GetProperty("version").GetInt64() > seen.GetProperty("version").GetInt64());

        await clientHub.RejectedAsync("invalid_notes", "UpdateNotes", new { text = "bad\u0007bell" });
        await clientHub.RejectedAsync("invalid_notes", "UpdateNotes", new { text = new string('x', 10_001) });
        await clientHub.RejectedAsync("invalid_notes", "UpdateNotes", new { });
        await clientHub.RejectedAsync("invalid_input", "UpdateNotes", new { text = 42 });

        var notes = (await coachHub.SnapshotAsync()).GetProperty("coachingRoom").GetProperty("notes");
        Assert.Equal("Goals:\n- CV\n- portfolio", notes.Str("text"));
        Assert.Equal("Ada", notes.GetProperty("updatedBy").Str("name"));
        Assert.Equal("Goals:\n- CV\n- portfolio", (await coach.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/room")).GetProperty("notes").Str("text"));
        Assert.Equal(2, coachHub.Events.Count(e => e.Name == "notesUpdated"));
    }

    [Fact]
    public async Task Relay_ReachesTheOtherParty()
    {
        var (coach, client, _, code) = await StartedAsync();
        await using var coachHub = await ConnectAsync(coach);
        await using var clientHub = await ConnectAsync(client);
        await coachHub.Call("JoinSession", new { code });
        var clientView = await clientHub.Call("JoinSession", new { code });

        await clientHub.Send("Broadcast", new { eventName = "whiteboard:stroke", data = new { x = 1, y = 2 } });

        var relayed = await coachHub.WaitFor("event");
        Assert.Equal("whiteboard:stroke", relayed.Str("eventName"));
        Assert.Equal(2, relayed.GetProperty("data").GetProperty("y").GetInt32());
        Assert.Equal(clientView.GetProperty("you").Str("participantId"), relayed.Str("senderId"));
    }

    [Fact]
    public async Task Completing_EndsTheRoom_AndTheNotesStayReadable()
    {
        var (coach, client, id, code) = await StartedAsync();
        await using var coachHub = await ConnectAsync(coach);
        await using var clientHub = await ConnectAsync(client);
        await coachHub.Call("JoinSession", new { code });
        await clientHub.Call("JoinSession", new { code });
        await clientHub.Send("UpdateNotes", new { text = "Next: send CV" });
        await coachHub.WaitFor("notesUpdated");

        var completed = await coach.Http.PostAsJsonAsync($"/api/sessions/{id}/complete", new { notes = "Next: send CV" });

        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var body = await completed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("code").ValueKind);
        Assert.Equal("completed", (await clientHub.WaitFor("sessionEnded")).Str("reason"));
        await coachHub.WaitFor("sessionEnded");
        var room = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/room");
        Assert.Equal("ended", room.Str("status"));
        Assert.Equal("completed", room.Str("endReason"));
        Assert.Equal("Next: send CV", room.GetProperty("notes").Str("text"));
        await clientHub.RejectedAsync("session_ended", "UpdateNotes", new { text = "too late" });
        await using var late = await ConnectAsync(client);
        await late.RejectedAsync("session_ended", "JoinSession", new { code });
    }

    [Fact]
    public async Task TwoStartsAtOnce_OpenOneRoom()
    {
        var coach = await CoachAsync(name: "Grace");
        var client = await RegisterAsync("Ada");
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        Time.Advance(Wednesday10 - Start);

        var starts = await Task.WhenAll(
            coach.Http.PostAsync($"/api/sessions/{id}/start", null), client.Http.PostAsync($"/api/sessions/{id}/start", null));

        var ok = Assert.Single(starts, r => r.StatusCode == HttpStatusCode.OK);
        await AssertProblemAsync(Assert.Single(starts, r => r.StatusCode != HttpStatusCode.OK), HttpStatusCode.Conflict, "invalid_transition");
        var code = (await ok.Content.ReadFromJsonAsync<JsonElement>()).Str("code");
        Assert.Equal(code, (await coach.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/room")).Str("code"));
        Assert.Equal(code, (await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}")).Str("code"));
    }

    [Fact]
    public async Task BookingChanged_AtStart_CarriesTheRoomsCode_ToBothParties()
    {
        var coach = await CoachAsync(name: "Grace");
        var client = await RegisterAsync("Ada");
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        await using var clientHub = await ConnectAsync(client);
        Time.Advance(Wednesday10 - Start);

        var started = await coach.Http.PostAsync($"/api/sessions/{id}/start", null);

        var code = (await started.Content.ReadFromJsonAsync<JsonElement>()).Str("code");
        Assert.Matches("^[A-Z2-9]{6}$", code);
        var notice = await clientHub.WaitFor("bookingChanged", e => e.GetProperty("session").Str("status") == "in_progress");
        Assert.Equal(code, notice.GetProperty("session").Str("code"));
    }

    [Fact]
    public async Task ScheduledAndCancelledSessions_HaveNoRoom()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");

        Assert.Equal(JsonValueKind.Null, (await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}")).GetProperty("code").ValueKind);
        await AssertProblemAsync(await client.Http.GetAsync($"/api/sessions/{id}/room"), HttpStatusCode.NotFound, "room_not_found");
        await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Changed my mind" });
        await AssertProblemAsync(await coach.Http.GetAsync($"/api/sessions/{id}/room"), HttpStatusCode.NotFound, "room_not_found");
    }

    [Fact]
    public async Task AfterANodeRestart_ThePartiesRejoinTheSameRoom_WithTheirNotes()
    {
        var (coach, client, id, code) = await StartedAsync();
        string coachId;
        await using (var coachHub = await ConnectAsync(coach))
        {
            coachId = (await coachHub.Call("JoinSession", new { code })).GetProperty("you").Str("participantId");
            await coachHub.Send("UpdateNotes", new { text = "Before the restart" });
        }

        // A fresh node on the same database holds nothing in memory: it loads the room from the log.
        var connectionString = ((IConfiguration)Server.Services.GetService(typeof(IConfiguration))!).GetConnectionString("Huddle");
        await using var restarted = await HuddleServer.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Huddle"] = connectionString }, Time);
        await using var coachAgain = await ConnectAsync(coach, restarted);
        await using var clientAgain = await ConnectAsync(client, restarted);

        var coachView = await coachAgain.Call("JoinSession", new { code });
        var clientView = await clientAgain.Call("JoinSession", new { code });

        Assert.Equal(coachId, coachView.GetProperty("you").Str("participantId"));
        Assert.Equal("host", coachView.GetProperty("you").Str("role"));
        Assert.Equal("Before the restart", clientView.GetProperty("coachingRoom").GetProperty("notes").Str("text"));
        Assert.Equal(2, clientView.GetProperty("participants").EnumerateArray().Count(p => p.GetProperty("present").GetBoolean()));
        using var http = new HttpClient { BaseAddress = restarted.BaseUri };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", client.Token);
        Assert.Equal(code, (await http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}")).Str("code"));
    }

    private async Task<(Api.Coaching.User Coach, Api.Coaching.User Client, string Id, string Code)> StartedAsync()
    {
        var coach = await CoachAsync(name: "Grace");
        var client = await RegisterAsync("Ada");
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        Time.Advance(Wednesday10 - Start);
        var started = await client.Http.PostAsync($"/api/sessions/{id}/start", null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        return (coach, client, id, (await started.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    private async Task<TestClient> ConnectAsync(Api.Coaching.User user, HuddleServer? on = null)
    {
        var client = await TestClient.ConnectAsync(new Uri((on ?? Server).BaseUri, $"/hubs/session?access_token={Uri.EscapeDataString(user.Token)}"));
        await client.Connection.InvokeAsync<long>("Ping");
        return client;
    }
}
