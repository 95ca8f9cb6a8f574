using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Classroom.Hub;

/// <summary>Polls through the real hub: who may do what, what each audience sees, deltas, and every rejection.</summary>
public sealed class PollHubTests() : ServerTest
{
    [Fact]
    public async Task APoll_FromDraftToClose_EveryoneGetsDeltas_ParticipantsSeeResultsLive()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var ben = await Server.JoinAsync(session.Code, "Ben");

        var poll = await host.Call("CreatePoll", new { kind = "single", question = "Lunch?", options = new[] { "Pizza", "Salad" } });
        var pollId = poll.Str("pollId");
        Assert.Equal("draft", poll.Str("status"));

        // A draft is the host's: a participant gets the commit's version, not the poll.
        var hidden = await ana.WaitFor("pollUpdated", e => e.Str("pollId") == pollId);
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("poll").ValueKind);
        Assert.Empty((await ana.SnapshotAsync()).GetProperty("classroom").GetProperty("polls").EnumerateArray());
        await ana.RejectedAsync("poll_not_found", "AnswerPoll", new { pollId, choices = new[] { 0 } });

        await host.Send("LaunchPoll", new { pollId });
        await ana.WaitFor("pollUpdated", e => e.GetProperty("poll").ValueKind == JsonValueKind.Object);
        var mine = await ana.Call("AnswerPoll", new { pollId, choices = new[] { 1 } });
        await ben.Call("AnswerPoll", new { pollId, choices = new[] { 1 } });
        await ana.Call("AnswerPoll", new { pollId, choices = new[] { 0 } }); // changed her mind

        Assert.Equal([1], mine.GetProperty("choices").EnumerateArray().Select(c => c.GetInt32()));
        var live = await ben.WaitFor("pollUpdated", e => Poll(e, p => Counts(p) is [1, 1]));
        Assert.Equal(0, live.GetProperty("position").GetInt32());
        await host.WaitFor("pollUpdated", e => Poll(e, p => Counts(p) is [1, 1]));
        var snapshot = (await ana.SnapshotAsync()).GetProperty("classroom");
        Assert.Equal([0], snapshot.GetProperty("myPollAnswers")[0].GetProperty("choices").EnumerateArray().Select(c => c.GetInt32()));

        await host.Send("ClosePoll", new { pollId });

        await ana.WaitFor("pollUpdated", e => Poll(e, p => p.Str("status") == "closed"));
        await ana.RejectedAsync("poll_closed", "AnswerPoll", new { pollId, choices = new[] { 1 } });
        var final = (await ben.SnapshotAsync()).GetProperty("classroom").GetProperty("polls")[0];
        Assert.Equal([1, 1], Counts(final));

        // Deltas only: no poll list ever travels after the join.
        Assert.DoesNotContain(ana.Events, e => e.Name.StartsWith("question", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResultsAtClose_ParticipantsSeeOnlyTheCount_TheHostSeesResults_QuizAnswerHiddenUntilClose()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var ben = await Server.JoinAsync(session.Code, "Ben");
        var pollId = (await host.Call("CreatePoll", new
        {
            kind = "quiz", question = "2 + 2?", options = new[] { "3", "4" }, correct = 1, resultsLive = false,
        })).Str("pollId");
        await host.Send("LaunchPoll", new { pollId });
        await ana.Call("AnswerPoll", new { pollId, choices = new[] { 1 } });
        await ben.Call("AnswerPoll", new { pollId, choices = new[] { 0 } });

        var bens = (await ben.WaitFor("pollUpdated", e => Poll(e, p => p.GetProperty("answerCount").GetInt32() == 2))).GetProperty("poll");
        Assert.Equal(JsonValueKind.Null, bens.GetProperty("results").ValueKind);
        Assert.Equal(JsonValueKind.Null, bens.GetProperty("correct").ValueKind);
        var hosts = (await host.WaitFor("pollUpdated", e => Poll(e, p => p.GetProperty("answerCount").GetInt32() == 2))).GetProperty("poll");
        Assert.Equal([1, 1], Counts(hosts));
        Assert.Equal(1, hosts.GetProperty("correct").GetInt32());

        await host.Send("ClosePoll", new { pollId });
        var closed = (await ben.WaitFor("pollUpdated", e => Poll(e, p => p.Str("status") == "closed"))).GetProperty("poll");
        Assert.Equal(1, closed.GetProperty("correct").GetInt32());
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("leaderboard").ValueKind);
        var bensAnswer = (await ben.SnapshotAsync()).GetProperty("classroom").GetProperty("myPollAnswers")[0];
        Assert.False(bensAnswer.GetProperty("correct").GetBoolean());

        await host.Send("ShowLeaderboard", new { pollId, shown = true });
        var board = (await ben.WaitFor("pollUpdated", e => Poll(e, p => p.GetProperty("leaderboardShown").GetBoolean()))).GetProperty("poll");
        Assert.Equal(["Ana"], board.GetProperty("leaderboard").EnumerateArray().Select(s => s.Str("name")));
    }

    [Fact]
    public async Task Participants_CannotPrepareLaunchCloseDeleteOrShowTheLeaderboard_AndNothingChanges()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var pollId = (await host.Call("CreatePoll", new { kind = "rating", question = "How was it?" })).Str("pollId");
        await host.Send("LaunchPoll", new { pollId });
        var before = (await host.SnapshotAsync()).GetProperty("classroom").GetProperty("polls").GetRawText();

        await ana.RejectedAsync("not_allowed", "CreatePoll", new { kind = "rating", question = "Mine?" });
        await ana.RejectedAsync("not_allowed", "LaunchPoll", new { pollId });
        await ana.RejectedAsync("not_allowed", "ClosePoll", new { pollId });
        await ana.RejectedAsync("not_allowed", "DeletePoll", new { pollId });
        await ana.RejectedAsync("not_allowed", "ShowLeaderboard", new { pollId, shown = true });

        Assert.Equal(before, (await host.SnapshotAsync()).GetProperty("classroom").GetProperty("polls").GetRawText());
    }

    [Fact]
    public async Task AModerator_RunsPolls_LikeTheHost()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var mo = await Server.JoinAsync(session.Code, "Mo");
        await host.Send("SetRole", new { participantId = mo.ParticipantId, role = "moderator" });
        await mo.WaitFor("roleChanged");

        var pollId = (await mo.Call("CreatePoll", new { kind = "text", question = "One word?" })).Str("pollId");
        await mo.Send("LaunchPoll", new { pollId });
        await host.Call("AnswerPoll", new { pollId, text = "Great" });
        await mo.Call("AnswerPoll", new { pollId, text = "great " });

        var words = (await mo.WaitFor("pollUpdated", e => Poll(e, p => p.GetProperty("answerCount").GetInt32() == 2)))
            .GetProperty("poll").GetProperty("results").GetProperty("words");
        Assert.Equal("great", words[0].Str("text"));
        Assert.Equal(2, words[0].GetProperty("count").GetInt32());
        await mo.Send("DeletePoll", new { pollId });
        Assert.Empty((await host.SnapshotAsync()).GetProperty("classroom").GetProperty("polls").EnumerateArray());
    }

    [Fact]
    public async Task BadInput_GetsACodedError_AndChangesNothing()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var pollId = (await host.Call("CreatePoll", new { kind = "multiple", question = "Pick", options = new[] { "A", "B" }, allowChange = false })).Str("pollId");
        await host.Send("LaunchPoll", new { pollId });
        await ana.Call("AnswerPoll", new { pollId, choices = new[] { 0 } });
        var before = (await host.SnapshotAsync()).GetProperty("classroom").GetProperty("polls").GetRawText();

        await host.RejectedAsync("invalid_poll", "CreatePoll", new { kind = "survey", question = "Q", options = new[] { "A", "B" } });
        await host.RejectedAsync("invalid_poll", "CreatePoll", new { kind = "single", question = "Q", options = new[] { "A" } });
        await host.RejectedAsync("invalid_poll", "CreatePoll", new { kind = "quiz", question = "Q", options = new[] { "A", "B" } });
        await host.RejectedAsync("invalid_poll", "CreatePoll", new { kind = "single", question = new string('x', 301), options = new[] { "A", "B" } });
        await host.RejectedAsync("invalid_input", "AnswerPoll", new { choices = new[] { 0 } });
        await ana.RejectedAsync("invalid_poll_answer", "AnswerPoll", new { pollId, choices = new[] { 5 } });
        await ana.RejectedAsync("invalid_poll_answer", "AnswerPoll", new { pollId, text = "words" });
        await ana.RejectedAsync("poll_answer_final", "AnswerPoll", new { pollId, choices = new[] { 1 } });
        await ana.RejectedAsync("poll_not_found", "AnswerPoll", new { pollId = "pl_nope", choices = new[] { 0 } });

        Assert.Equal(before, (await host.SnapshotAsync()).GetProperty("classroom").GetProperty("polls").GetRawText());
        var jam = await Server.CreateAndJoinAsync("jam");
        await jam.Host.RejectedAsync("not_supported", "CreatePoll", new { kind = "rating", question = "Q" });
    }

    private static int[] Counts(JsonElement poll) =>
        poll.GetProperty("results") is { ValueKind: JsonValueKind.Object } results
            ? results.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).ToArray()
            : [];

    /// <summary>A pollUpdated that carries a poll (not a draft's null for participants) matching the test.</summary>
    private static bool Poll(JsonElement e, Func<JsonElement, bool> match) =>
        e.GetProperty("poll") is { ValueKind: JsonValueKind.Object } poll && match(poll);
}
