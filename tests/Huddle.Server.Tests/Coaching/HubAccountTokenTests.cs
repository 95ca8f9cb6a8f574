using Huddle.Server.Tests.Fuzz;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Huddle.Server.Tests.Hub.Coaching;

/// <summary>
/// A hub connection that presents an account token it cannot back (forged, signed with another key,
/// expired) is an anonymous connection: it stays open and works, but never hears the account's
/// bookings. Only the real token's connection does.
/// </summary>
public sealed class HubAccountTokenTests : Api.Coaching.CoachingTest
{
    [Fact]
    public async Task ForgedOtherKeyOrExpiredTokens_OnTheHub_AreAnonymous_AndHearNoBookings()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var now = Time.GetUtcNow();
        object Claims(DateTimeOffset expires) => new { sub = client.Id.ToString(), iss = "huddle", aud = "huddle", exp = expires.ToUnixTimeSeconds() };
        var impostors = new Dictionary<string, string>
        {
            ["forged"] = client.Token[..client.Token.LastIndexOf('.')] + ".forged-signature",
            ["other-key"] = Jwt.Sign(Claims(now.AddHours(1)), "another-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz"),
            ["expired"] = Jwt.Sign(Claims(now.AddHours(-2)), HuddleServer.TestSigningKey),
        };
        var connections = new Dictionary<string, TestClient>();
        foreach (var (kind, token) in impostors.Append(new("real", client.Token)))
        {
            var connection = await TestClient.ConnectAsync(new Uri(Server.BaseUri, $"/hubs/session?access_token={Uri.EscapeDataString(token)}"));
            await connection.Connection.InvokeAsync<long>("Ping"); // the account group is joined on connect
            connections[kind] = connection;
        }

        try
        {
            var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");

            Assert.Equal(id, (await connections["real"].WaitFor("bookingChanged")).GetProperty("session").Str("id"));
            foreach (var kind in impostors.Keys)
            {
                var connection = connections[kind];
                await connection.Send("WatchCoach", new { coachId = coach.Id.ToString() }); // works as for anyone; also a round trip after the booking's events
                Assert.True(connection.Connection.State == HubConnectionState.Connected, $"{kind}: closed");
                Assert.DoesNotContain(connection.Events, e => e.Name == "bookingChanged");
            }
        }
        finally
        {
            foreach (var connection in connections.Values) await connection.DisposeAsync();
        }
    }
}
