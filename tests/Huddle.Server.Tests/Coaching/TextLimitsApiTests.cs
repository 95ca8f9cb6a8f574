using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>Coaching text goes through the sessions' text rule: bytes and combining marks, and names without invisible characters.</summary>
public class TextLimitsApiTests : CoachingTest
{
    [Theory]
    [InlineData("a\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301")] // 20 UTF-16 units, one character
    [InlineData("Ann\u202Egnp.exe")]
    [InlineData("A\u200Bnn")]
    public async Task Register_WithAFloodedOrDisguisedName_IsInvalidName_AndNoAccountExists(string name)
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";

        var response = await Server.Http.PostAsJsonAsync("/api/auth/register", new { email, password = Password, name });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_name");
        await AssertProblemAsync(await Server.Http.PostAsJsonAsync("/api/auth/login", new { email, password = Password }), HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Book_TitleWithACombiningFlood_IsInvalidTitle_AndNothingIsBooked()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync("Ada");

        // 60 UTF-16 units (under the 80 the old check counted), one character carrying 59 marks.
        var response = await BookAsync(client, coach, Wednesday10, title: "a" + new string('\u0301', 59));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_title");
        Assert.Empty((await client.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).EnumerateArray());
        var booked = await BookedAsync(client, coach, Wednesday10);
        Assert.Equal("Career chat", booked.GetProperty("title").GetString());
    }
}
