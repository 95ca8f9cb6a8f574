using System.Net.Http.Json;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Huddle.Server.Tests.Hub.Coaching;

/// <summary>Live coaching over the hub: watchers of a coach, and both parties of a session.</summary>
public class CoachingHubTests : Api.Coaching.CoachingTest
{
    [Fact]
    public async Task AWatcher_SeesASlotBookedAndFreed_AndBothPartiesSeeStatusChanges()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var watcher = await Server.ConnectAsync();
        await watcher.Send("WatchCoach", new { coachId = coach.Id.ToString() });
        await using var clientHub = await ConnectAsync(client);
        await using var coachHub = await ConnectAsync(coach);

        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");

        var booked = await watcher.WaitFor("availabilityChanged", e => e.Str("change") == "booked");
        Assert.Equal(coach.Id, booked.GetProperty("coachId").GetGuid());
        Assert.Equal(Wednesday10, booked.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(id, (await clientHub.WaitFor("bookingChanged")).GetProperty("session").Str("id"));
        Assert.Equal("scheduled", (await coachHub.WaitFor("bookingChanged")).GetProperty("session").Str("status"));
        Assert.DoesNotContain(watcher.Events, e => e.Name == "bookingChanged");

        await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Conflict" });

        await watcher.WaitFor("availabilityChanged", e => e.Str("change") == "freed");
        await coachHub.WaitFor("bookingChanged", e => e.GetProperty("session").Str("status") == "cancelled");
    }

    [Fact]
    public async Task ADirectoryWatcher_HearsEveryCoachsChanges_UntilItStops()
    {
        var coach = await CoachAsync();
        var other = await CoachAsync();
        var client = await RegisterAsync();
        var directory = await Server.ConnectAsync();
        await directory.Send("WatchDirectory");

        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        var booked = await directory.WaitFor("availabilityChanged", e => e.Str("change") == "booked");
        await other.Http.PutAsJsonAsync("/api/coaches/me/availability", new { timeZone = "UTC", windows = new[] { new { dayOfWeek = 1, start = "09:00", end = "10:00" } } });
        var updated = await directory.WaitFor("availabilityChanged", e => e.Str("change") == "updated");

        Assert.Equal(coach.Id, booked.GetProperty("coachId").GetGuid());
        Assert.Equal(other.Id, updated.GetProperty("coachId").GetGuid());

        await directory.Send("UnwatchDirectory");
        await directory.Send("WatchCoach", new { coachId = other.Id.ToString() });
        directory.ClearEvents();
        await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Conflict" });
        await other.Http.PutAsJsonAsync("/api/coaches/me/availability", new { timeZone = "UTC", windows = Array.Empty<object>() });

        // One connection's events arrive in order: once the other coach's edit is heard, the cancellation would have been.
        await directory.WaitFor("availabilityChanged", e => e.Str("change") == "updated");
        Assert.DoesNotContain(directory.Events, e => e.Name == "availabilityChanged" && e.Payload.Str("change") == "freed");
    }

    [Fact]
    public async Task WatchCoach_BadInput_IsRefused()
    {
        var watcher = await Server.ConnectAsync();

        await watcher.RejectedAsync("invalid_input", "WatchCoach", new { coachId = "not-a-guid" });
        await watcher.RejectedAsync("invalid_input", "WatchCoach", new { });
    }

    [Fact]
    public async Task AnonymousHubUse_StillWorks_BesideAccounts()
    {
        var (session, host) = await Server.CreateAndJoinAsync("room");

        Assert.Equal(session.Code, host.Snapshot.GetProperty("session").Str("code"));
    }

    private async Task<TestClient> ConnectAsync(Api.Coaching.User user)
    {
        var client = await TestClient.ConnectAsync(new Uri(Server.BaseUri, $"/hubs/session?access_token={Uri.EscapeDataString(user.Token)}"));
        // The group join happens on connect; a round trip makes sure it is done before anything is booked.
        await client.Connection.InvokeAsync<long>("Ping");
        return client;
    }
}
