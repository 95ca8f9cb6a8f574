using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>Coaching rooms exist only through a booking: the generic create route refuses the kind.</summary>
public class LiveRoomApiTests : CoachingTest
{
    [Fact]
    public async Task CreateSession_KindCoaching_IsRefused_AndNoSessionIsCreated()
    {
        var response = await Server.Http.PostAsJsonAsync("/api/sessions", new { kind = "coaching", hostName = "Mallory" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_kind");
        var active = await Admin.Http.GetFromJsonAsync<JsonElement>("/api/admin/sessions");
        Assert.DoesNotContain("coaching", active.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Mallory", active.GetRawText(), StringComparison.Ordinal);
    }
}
