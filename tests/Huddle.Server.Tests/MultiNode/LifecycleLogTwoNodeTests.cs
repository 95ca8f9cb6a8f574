using Huddle.Server.Tests.Infrastructure;
using Huddle.Server.Tests.Operations;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.MultiNode;

/// <summary>
/// Two servers on one PostgreSQL database hold the same session: each lifecycle event is logged
/// once, by the node that committed it, though both nodes apply every commit and tell their clients.
/// </summary>
public sealed class LifecycleLogTwoNodeTests : IAsyncLifetime, IDisposable
{
    private readonly CapturingLoggerProvider _logsA = new();
    private readonly CapturingLoggerProvider _logsB = new();
    private HuddleServer _a = null!;
    private HuddleServer _b = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Huddle"] = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync(),
        };
        _a = await HuddleServer.StartAsync(settings, configure: b => b.Logging.AddProvider(_logsA));
        _b = await HuddleServer.StartAsync(settings, configure: b => b.Logging.AddProvider(_logsB));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    public void Dispose()
    {
        _logsA.Dispose();
        _logsB.Dispose();
    }

    [Fact]
    public async Task LifecycleEntries_AreWrittenOnlyByTheNodeThatCommitted()
    {
        var (session, hostOnA) = await _a.CreateAndJoinAsync();
        var guestOnB = await _b.JoinAsync(session.Code, "Bea");
        await hostOnA.WaitFor("participantJoined", e => e.GetProperty("participant").Str("participantId") == guestOnB.ParticipantId);
        await guestOnB.Send("LeaveSession");
        await hostOnA.WaitFor("participantLeft", e => e.Str("participantId") == guestOnB.ParticipantId);
        var late = await _b.JoinAsync(session.Code, "Cy");
        await hostOnA.Send("EndSession");
        await late.WaitFor("sessionEnded"); // node B applied the end: it held the session throughout

        static List<(int Id, string Text)> Lifecycle(CapturingLoggerProvider logs, string code) =>
            [.. logs.Entries.Where(e => e.Id.Id is >= 1000 and <= 1006 && e.Text.Contains(code, StringComparison.Ordinal)).Select(e => (e.Id.Id, e.Text))];
        var onA = Lifecycle(_logsA, session.Code);
        var onB = Lifecycle(_logsB, session.Code);

        // Created and ended on A; Bea's join and leave and Cy's join on B: each once, by its node.
        Assert.Single(onA, e => e.Id == 1000);
        Assert.Single(onA, e => e.Id == 1005);
        Assert.DoesNotContain(onB, e => e.Id is 1000 or 1005);
        foreach (var (id, who) in new[] { (1001, guestOnB.ParticipantId), (1002, guestOnB.ParticipantId), (1001, late.ParticipantId) })
        {
            Assert.Single(onB, e => e.Id == id && e.Text.Contains(who, StringComparison.Ordinal));
            Assert.DoesNotContain(onA, e => e.Id == id && e.Text.Contains(who, StringComparison.Ordinal));
        }
    }
}
