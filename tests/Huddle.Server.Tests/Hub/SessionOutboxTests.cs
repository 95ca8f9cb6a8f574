using Huddle.Server.Contracts;
using Huddle.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huddle.Server.Tests.Hub;

/// <summary>
/// The outbox in isolation, over a lifetime manager that records what it is asked to send and can hold
/// a send (a slow fan-out), so backlogs are built on purpose. The hub tests cover it end to end.
/// </summary>
public sealed class SessionOutboxTests
{
    private const string Group = "session:abc";

    [Fact]
    public async Task Sends_LeaveInOrder_AndVotesThatWaitedTogether_GoAsOneBatch()
    {
        var inner = new HoldingLifetimeManager();
        var outbox = new SessionOutbox<SessionHub>(inner, NullLogger<SessionOutbox<SessionHub>>.Instance);

        await outbox.AddToGroupAsync("c1", Group);
        inner.HoldNext();
        await outbox.SendGroupAsync(Group, "voteUpdated", [Vote(5)]);
        await inner.Holding;
        await outbox.SendGroupAsync(Group, "voteUpdated", [Vote(6)]);
        await outbox.SendGroupAsync(Group, "voteUpdated", [Vote(7)]);
        await outbox.SendGroupAsync(Group, "participantLeft", [new ParticipantLeftEvent(8, "p1", "left")]);
        await outbox.SendGroupAsync(Group, "voteUpdated", [Vote(9)]);
        var sent = outbox.SentAsync("c1");
        Assert.False(sent.IsCompleted);

        inner.Release();
        await sent.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["add c1", "voteUpdated 5", "votesUpdated 6-7", "participantLeft 8", "voteUpdated 9"], inner.Log);
        var batch = Assert.IsType<VotesUpdatedEvent>(inner.Args[2][0]);
        Assert.Equal([6L, 7L], batch.Votes.Select(v => v.Version));
    }

    [Fact]
    public async Task QuestionUpvotesThatWaitedTogether_GoAsOneBatch_NeverMixedWithJamVotes()
    {
        var inner = new HoldingLifetimeManager();
        var outbox = new SessionOutbox<SessionHub>(inner, NullLogger<SessionOutbox<SessionHub>>.Instance);

        await outbox.AddToGroupAsync("c1", Group);
        inner.HoldNext();
        await outbox.SendGroupAsync(Group, "questionScoreUpdated", [Score(5)]);
        await inner.Holding;
        await outbox.SendGroupAsync(Group, "questionScoreUpdated", [Score(6)]);
        await outbox.SendGroupAsync(Group, "questionScoreUpdated", [Score(6)]); // a kick rescored two questions in one commit
        await outbox.SendGroupAsync(Group, "questionScoreUpdated", [Score(7)]);
        await outbox.SendGroupAsync(Group, "voteUpdated", [Vote(8)]);
        inner.Release();
        await outbox.SentAsync("c1").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["add c1", "questionScoreUpdated", "questionScoresUpdated", "voteUpdated 8"], inner.Log);
        var batch = Assert.IsType<QuestionScoresUpdatedEvent>(inner.Args[2][0]);
        Assert.Equal((7L, 6L), (batch.Version, batch.FromVersion));
        Assert.Equal([6L, 6L, 7L], batch.Scores.Select(s => s.Version));
    }

    [Fact]
    public async Task VotesWithAGapBetweenThem_AreNotBatched()
    {
        var inner = new HoldingLifetimeManager();
        var outbox = new SessionOutbox<SessionHub>(inner, NullLogger<SessionOutbox<SessionHub>>.Instance);

        await outbox.AddToGroupAsync("c1", Group);
        inner.HoldNext();
        await outbox.SendGroupAsync(Group, "voteUpdated", [Vote(1)]);
        await inner.Holding;
        await outbox.SendGroupAsync(Group, "voteUpdated", [Vote(2)]);
        await outbox.SendGroupAsync(Group, "voteUpdated", [Vote(4)]);
        inner.Release();
        await outbox.SentAsync("c1").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["add c1", "voteUpdated 1", "voteUpdated 2", "voteUpdated 4"], inner.Log);
    }

    [Fact]
    public async Task ASendToAConnection_WaitsBehindItsSessionsQueue_OtherGroupsDoNot()
    {
        var inner = new HoldingLifetimeManager();
        var outbox = new SessionOutbox<SessionHub>(inner, NullLogger<SessionOutbox<SessionHub>>.Instance);

        await outbox.AddToGroupAsync("c1", Group);
        inner.HoldNext();
        await outbox.SendGroupAsync(Group, "participantLeft", [new ParticipantLeftEvent(3, "p2", "kicked")]);
        await inner.Holding;
        await outbox.SendConnectionAsync("c1", "kicked", [new KickedEvent(3, "kicked")]);
        await outbox.SendGroupAsync("coach:42", "availabilityChanged", ["x"]);
        Assert.Contains("availabilityChanged", inner.Log);
        Assert.DoesNotContain("kicked", inner.Log);

        inner.Release();
        await outbox.SentAsync("c1").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["add c1", "participantLeft 3", "availabilityChanged", "kicked"], inner.Log); // logged when asked, so the held send comes first
    }

    [Fact]
    public async Task ABacklogBeyondTheLimit_MakesThePublisherWait()
    {
        var inner = new HoldingLifetimeManager();
        var outbox = new SessionOutbox<SessionHub>(inner, NullLogger<SessionOutbox<SessionHub>>.Instance);

        inner.HoldNext();
        await outbox.SendGroupAsync(Group, "playbackUpdated", ["first"]);
        await inner.Holding;
        for (var i = 0; i < SessionOutbox<SessionHub>.MaxBacklog; i++) Assert.True(outbox.SendGroupAsync(Group, "playbackUpdated", [i]).IsCompleted);
        var overLimit = outbox.SendGroupAsync(Group, "playbackUpdated", ["last"]);
        Assert.False(overLimit.IsCompleted);

        inner.Release();
        await overLimit.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SessionOutbox<SessionHub>.MaxBacklog + 2, inner.Log.Count);
    }

    private static VoteUpdatedEvent Vote(long version) => new(version, "i1", 1, 1, 0, 0);

    private static QuestionScoreUpdatedEvent Score(long version) => new(version, "qn_1", 1);

    /// <summary>Records calls; <see cref="HoldNext"/> makes the next send wait until <see cref="Release"/>.</summary>
    private sealed class HoldingLifetimeManager : HubLifetimeManager<SessionHub>
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource? _hold;
        private TaskCompletionSource? _held;
        private TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Log { get; } = [];

        public List<object?[]> Args { get; } = [];

        public Task Holding => _holding.Task;

        public void HoldNext()
        {
            _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => _held?.TrySetResult();

        public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
            Record(methodName + Versions(args), args);

        public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
            Record(methodName, args);

        public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
            Record("add " + connectionId, []);

        public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
            Record("remove " + connectionId, []);

        public override Task OnConnectedAsync(HubConnectionContext connection) => Task.CompletedTask;

        public override Task OnDisconnectedAsync(HubConnectionContext connection) => Task.CompletedTask;

        public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) => Record(methodName, args);

        public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) => Record(methodName, args);

        public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) => Record(methodName, args);

        public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) => Record(methodName, args);

        public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) => Record(methodName, args);

        public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) => Record(methodName, args);

        public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) => Record(methodName, args);

        private static string Versions(object?[] args) => args switch
        {
            [VotesUpdatedEvent b] => $" {b.FromVersion}-{b.Version}",
            [VoteUpdatedEvent v] => $" {v.Version}",
            [ParticipantLeftEvent l] => $" {l.Version}",
            _ => "",
        };

        private async Task Record(string entry, object?[] args)
        {
            lock (_lock)
            {
                Log.Add(entry);
                Args.Add(args);
            }

            var hold = _hold;
            if (hold is null || entry.StartsWith("add", StringComparison.Ordinal)) return;
            _hold = null;
            _held = hold;
            _holding.TrySetResult();
            await hold.Task;
        }
    }
}
