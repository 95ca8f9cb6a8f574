using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Core.Coaching;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>No-shows, the start's upper bound and the overdue sweep, over real HTTP and the hub, on the fake clock.</summary>
public class NoShowApiTests : CoachingTest
{
    [Fact]
    public async Task NoShow_ByTheCoach_AfterTheGrace_IsSeenByTheClient_AndAudited()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        Time.Advance(Wednesday10 - Start + TimeSpan.FromMinutes(14));

        await AssertProblemAsync(await coach.Http.PostAsync($"/api/sessions/{id}/no-show", null), HttpStatusCode.Conflict, "too_early");
        await AssertProblemAsync(await client.Http.PostAsync($"/api/sessions/{id}/no-show", null), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await Anonymous().PostAsync($"/api/sessions/{id}/no-show", null), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await (await RegisterAsync()).Http.PostAsync($"/api/sessions/{id}/no-show", null), HttpStatusCode.NotFound, "coaching_session_not_found");
        Assert.Equal(("scheduled", 1), await StatusAsync(client, id));

        Time.Advance(TimeSpan.FromMinutes(1));
        var marked = await coach.Http.PostAsync($"/api/sessions/{id}/no-show", null);

        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Equal(Wednesday10.AddMinutes(15), (await marked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("missedAt").GetDateTimeOffset());
        Assert.Equal(("no_show", 2), await StatusAsync(client, id));
        var audit = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/audit");
        Assert.Equal(["book", "no_show"], audit.EnumerateArray().Select(a => a.Str("action")));
        Assert.Equal(("coach", "no_show"), (audit[1].Str("actorRole"), audit[1].Str("to")));
        await AssertProblemAsync(await coach.Http.PostAsync($"/api/sessions/{id}/no-show", null), HttpStatusCode.Conflict, "invalid_transition");
        await AssertProblemAsync(await client.Http.PostAsync($"/api/sessions/{id}/start", null), HttpStatusCode.Conflict, "invalid_transition");
    }

    [Fact]
    public async Task Start_AfterTheBookedEnd_IsTooLate_AndChangesNothing()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        Time.Advance(Wednesday10.AddHours(1) - Start);

        await AssertProblemAsync(await coach.Http.PostAsync($"/api/sessions/{id}/start", null), HttpStatusCode.Conflict, "too_late");
        Assert.Equal(("scheduled", 1), await StatusAsync(client, id));
    }

    [Fact]
    public async Task Sweep_CompletesSessionsLeftInProgress_AndMarksNeverStartedOnesMissed_Once()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var live = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        var never = (await BookedAsync(client, coach, Wednesday10.AddHours(2))).Str("id");
        Time.Advance(Wednesday10 - Start);
        Assert.Equal(HttpStatusCode.OK, (await coach.Http.PostAsync($"/api/sessions/{live}/start", null)).StatusCode);
        var sweep = Server.Services.GetRequiredService<CoachingOverdue>();

        Time.Advance(TimeSpan.FromMinutes(89)); // the live one ended at 11:00; 30 minutes' grace
        Assert.Equal((0, 0), await sweep.SweepAsync(CancellationToken.None));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((1, 0), await sweep.SweepAsync(CancellationToken.None));
        Time.Advance(TimeSpan.FromHours(2)); // the other ended at 13:00
        Assert.Equal((0, 1), await sweep.SweepAsync(CancellationToken.None));
        Assert.Equal((0, 0), await sweep.SweepAsync(CancellationToken.None));

        var completed = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{live}");
        Assert.Equal("completed", completed.Str("status"));
        Assert.Equal(JsonValueKind.Null, completed.GetProperty("code").ValueKind); // its live room ended
        Assert.Equal(("missed", 2), await StatusAsync(client, never));
        var audit = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{never}/audit");
        Assert.Equal(("missed", "system"), (audit[1].Str("action"), audit[1].Str("actorRole")));
        Assert.Equal("auto_complete", (await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{live}/audit"))[2].Str("action"));

        // Completed awaiting notes: the coach still writes them; the coach can say why the other was missed.
        Assert.Equal(HttpStatusCode.OK, (await coach.Http.PostAsJsonAsync($"/api/sessions/{live}/complete", new { notes = "Good talk" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coach.Http.PostAsync($"/api/sessions/{never}/no-show", null)).StatusCode);
        Assert.Equal(("no_show", 3), await StatusAsync(client, never));
    }

    private static async Task<(string Status, int Version)> StatusAsync(User user, string id)
    {
        var session = await user.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
        return (session.Str("status"), session.GetProperty("version").GetInt32());
    }
}

/// <summary>The sweep as the server runs it: on its own interval of the injected clock, announced live.</summary>
public class CoachingOverdueTests : CoachingTest
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Coaching:OverdueSweepInterval", "00:01:00")];

    [Fact]
    public async Task TheSweeper_OnTheClock_MarksANeverStartedSessionMissed_AndTellsBothParties()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        await using var hub = await TestClient.ConnectAsync(new Uri(Server.BaseUri, $"/hubs/session?access_token={Uri.EscapeDataString(client.Token)}"));
        await hub.Connection.InvokeAsync<long>("Ping");

        Time.Advance(Wednesday10.AddMinutes(90) - Start);

        var changed = await hub.WaitFor("bookingChanged", e => e.GetProperty("session").Str("status") == "missed");
        Assert.Equal(id, changed.GetProperty("session").Str("id"));
    }
}
