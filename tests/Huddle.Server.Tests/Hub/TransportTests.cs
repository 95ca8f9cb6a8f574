using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;

namespace Huddle.Server.Tests.Hub;

/// <summary>
/// Browsers behind proxies that break WebSockets fall back to Server-Sent Events or long polling
/// (docs/protocol.md §1.1): a session must work the same over each. The client is allowed only the
/// transport under test, so its start fails if the server does not offer it.
/// </summary>
public sealed class TransportTests() : ServerTest
{
    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task ASession_Works_OverEachTransport(HttpTransportType transport)
    {
        var session = await Server.CreateSessionAsync();
        var host = await Server.ConnectAsync(transport);
        await host.JoinAsync(session.Code, null, session.HostToken);
        var guest = await Server.ConnectAsync(transport);
        await guest.JoinAsync(session.Code, "Guest");

        var item = await host.AddAsync("s0001");
        await guest.Send("Vote", new { itemId = item, value = 1 });

        var vote = await host.WaitFor("voteUpdated", e => e.Str("itemId") == item);
        Assert.Equal(1, vote.GetProperty("score").GetInt32());
        await guest.WaitFor("queueUpdated");
        Assert.Equal(guest.ParticipantId, (await host.WaitFor("participantJoined")).GetProperty("participant").Str("participantId"));
    }
}
