using System.Text.Json;
using Huddle.Core.Application;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Huddle.Server.Tests.Classroom.Hub;

/// <summary>Issue 20 through the real hub: question deltas instead of lists, delete with undo, the word filter, bans from asking.</summary>
public sealed class ClassroomModerationHubTests() : ServerTest
{
    [Fact]
    public async Task AQuestionChange_ReachesASecondClientAsExactlyOneDelta_NeverTheList()
    {
        var (session, _) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var ben = await Server.JoinAsync(session.Code, "Ben");
        var earlier = new List<string>();
        for (var i = 0; i < 3; i++) earlier.Add((await ana.Call("AskQuestion", new { text = $"Earlier {i}?" })).Str("itemId"));
        await ben.WaitFor("questionUpdated", e => e.GetProperty("itemId").GetString() == earlier[^1]);
        ben.ClearEvents();

        var itemId = (await ana.Call("AskQuestion", new { text = "The new one?" })).Str("itemId");

        var delta = await ben.WaitFor("questionUpdated");
        Assert.Equal(itemId, delta.Str("itemId"));
        Assert.Equal("The new one?", delta.GetProperty("question").Str("text"));
        Assert.Equal(3, delta.GetProperty("position").GetInt32()); // after the three older open ones
        await ben.SnapshotAsync(); // everything of that commit has arrived
        var mine = ben.VersionedEvents.Where(e => e.Payload.Version() == delta.Version()).ToList();
        Assert.Equal(["questionUpdated"], mine.Select(e => e.Name));
        Assert.DoesNotContain(ben.Events, e => e.Name == "questionsUpdated");
        foreach (var other in earlier) Assert.DoesNotContain(other, delta.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKick_SendsTheScoresItsUpvotesLeft_NotTheList()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var ben = await Server.JoinAsync(session.Code, "Ben");
        var itemId = (await ana.Call("AskQuestion", new { text = "Upvoted by Ben?" })).Str("itemId");
        await ben.Call("UpvoteQuestion", new { itemId, value = 1 });
        await ana.WaitFor("questionScoreUpdated", e => e.GetProperty("score").GetInt32() == 1);
        ana.ClearEvents();

        await host.Send("Kick", new { participantId = ben.ParticipantId });

        var left = await ana.WaitFor("participantLeft");
        var score = await ana.WaitFor("questionScoreUpdated", e => e.Version() == left.Version());
        Assert.Equal((itemId, 0), (score.Str("itemId"), score.GetProperty("score").GetInt32()));
        Assert.DoesNotContain(ana.Events, e => e.Name is "questionsUpdated" or "questionUpdated");
    }

    [Fact]
    public async Task HostDelete_RemovesWithUndo_GuestsAndTheAuthorNeverSeeIt_RestoreBringsItBackWithItsVotes()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var ben = await Server.JoinAsync(session.Code, "Ben");
        var itemId = (await ana.Call("AskQuestion", new { text = "Off topic?" })).Str("itemId");
        await ben.Call("UpvoteQuestion", new { itemId, value = 1 });

        await host.Send("DeleteQuestion", new { itemId });

        foreach (var guest in new[] { ana, ben })
        {
            var gone = await guest.WaitFor("questionUpdated", e => e.GetProperty("itemId").GetString() == itemId && e.GetProperty("question").ValueKind == JsonValueKind.Null);
            Assert.Equal(-1, gone.GetProperty("position").GetInt32());
            Assert.Empty((await guest.SnapshotAsync()).GetProperty("classroom").GetProperty("questions").EnumerateArray());
        }

        var removed = await host.WaitFor("questionUpdated", e => e.GetProperty("itemId").GetString() == itemId && e.GetProperty("question").Str("status") == "removed");
        Assert.Equal(1, removed.GetProperty("question").GetProperty("score").GetInt32());
        var store = Server.Services.GetRequiredService<IClassroomStore>();
        var sessionId = Guid.Parse(host.Snapshot.GetProperty("session").Str("id"));
        Assert.Equal("removed", Assert.Single(await store.ExportQuestionsAsync(sessionId, default)).Status);
        await ben.RejectedAsync("question_not_found", "UpvoteQuestion", new { itemId, value = 0 });
        await host.RejectedAsync("question_removed", "MarkAnswered", new { itemId });

        await host.Send("RestoreQuestion", new { itemId });

        var back = await ben.WaitFor("questionUpdated", e => e.Version() > removed.Version() && e.GetProperty("itemId").GetString() == itemId);
        Assert.Equal("open", back.GetProperty("question").Str("status"));
        Assert.Equal(1, back.GetProperty("question").GetProperty("score").GetInt32());
        Assert.Equal("open", Assert.Single(await store.ExportQuestionsAsync(sessionId, default)).Status);
    }

    [Fact]
    public async Task WordFilter_HoldsAMatchingQuestionForReview_TheListReachesOnlyModerators()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var ben = await Server.JoinAsync(session.Code, "Ben");

        await host.Send("SetBlockedWords", new { words = new[] { "Crème", "spam" } });

        var hostView = await host.WaitFor("moderationUpdated");
        Assert.Equal(["Crème", "spam"], hostView.GetProperty("moderation").GetProperty("blockedWords").EnumerateArray().Select(w => w.GetString()));
        var benView = await ben.WaitFor("moderationUpdated", e => e.Version() == hostView.Version());
        Assert.Equal(JsonValueKind.Null, benView.GetProperty("moderation").GetProperty("blockedWords").ValueKind);
        Assert.DoesNotContain("spam", (await ben.SnapshotAsync()).GetRawText(), StringComparison.OrdinalIgnoreCase);

        var held = await ana.Call("AskQuestion", new { text = "Is CREME brûlée on the menu?" });

        Assert.Equal("pending", held.Str("status"));
        var itemId = held.Str("itemId");
        await host.WaitFor("questionUpdated", e => e.GetProperty("itemId").GetString() == itemId && e.GetProperty("question").Str("status") == "pending");
        var filler = await ben.WaitFor("questionUpdated", e => e.Version() > hostView.Version());
        Assert.Equal(JsonValueKind.Null, filler.GetProperty("itemId").ValueKind);
        Assert.Equal("open", (await ana.Call("AskQuestion", new { text = "Spammy is a different word?" })).Str("status"));
    }

    [Fact]
    public async Task BanFromAsking_RefusesTheirAsk_TheyStillVote_OnlyModeratorsSeeTheList_UnbanRestores()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var ben = await Server.JoinAsync(session.Code, "Ben");
        var bens = (await ben.Call("AskQuestion", new { text = "Ben asks?" })).Str("itemId");

        await host.Send("BanFromAsking", new { participantId = ana.ParticipantId });

        Assert.True((await ana.WaitFor("moderationUpdated")).GetProperty("moderation").GetProperty("askingBanned").GetBoolean());
        var others = (await ben.WaitFor("moderationUpdated")).GetProperty("moderation");
        Assert.False(others.GetProperty("askingBanned").GetBoolean());
        Assert.Equal(JsonValueKind.Null, others.GetProperty("bannedFromAsking").ValueKind);
        var hosts = (await host.WaitFor("moderationUpdated")).GetProperty("moderation");
        Assert.Equal([ana.ParticipantId], hosts.GetProperty("bannedFromAsking").EnumerateArray().Select(p => p.GetString()));
        Assert.True((await ana.SnapshotAsync()).GetProperty("classroom").GetProperty("moderation").GetProperty("askingBanned").GetBoolean());

        var version = (await ana.SnapshotAsync()).GetProperty("session").Version();
        await ana.RejectedAsync("asking_banned", "AskQuestion", new { text = "Let me ask?" });
        Assert.Equal(version, (await ana.SnapshotAsync()).GetProperty("session").Version());
        Assert.Equal(1, (await ana.Call("UpvoteQuestion", new { itemId = bens, value = 1 })).GetProperty("score").GetInt32());

        await host.Send("UnbanFromAsking", new { participantId = ana.ParticipantId });
        await ana.WaitFor("moderationUpdated", e => !e.GetProperty("moderation").GetProperty("askingBanned").GetBoolean());
        await ana.Call("AskQuestion", new { text = "May I now?" });
    }

    [Fact]
    public async Task ModerationRejections_CarryAStableCode_AndChangeNothing()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var itemId = (await ana.Call("AskQuestion", new { text = "Mine?" })).Str("itemId");
        await host.Send("DeleteQuestion", new { itemId });
        var version = (await host.SnapshotAsync()).GetProperty("session").Version();

        await ana.RejectedAsync("not_allowed", "RestoreQuestion", new { itemId });
        await ana.RejectedAsync("not_allowed", "SetBlockedWords", new { words = new[] { "x" } });
        await ana.RejectedAsync("not_allowed", "BanFromAsking", new { participantId = host.ParticipantId });
        await ana.RejectedAsync("not_allowed", "UnbanFromAsking", new { participantId = ana.ParticipantId });
        await host.RejectedAsync("invalid_blocked_words", "SetBlockedWords", new { words = new[] { "two words" } });
        await host.RejectedAsync("invalid_blocked_words", "SetBlockedWords", new { words = Enumerable.Range(0, 101).Select(i => $"w{i}") });
        await host.RejectedAsync("invalid_blocked_words", "SetBlockedWords", new { });
        await host.RejectedAsync("invalid_input", "SetBlockedWords", new { words = "spam" });
        await host.RejectedAsync("invalid_input", "BanFromAsking", new { });
        await host.RejectedAsync("participant_not_found", "BanFromAsking", new { participantId = "p_nobody" });
        await host.RejectedAsync("not_allowed", "BanFromAsking", new { participantId = host.ParticipantId });
        await host.RejectedAsync("question_not_found", "RestoreQuestion", new { itemId = "qn_nope" });
        await host.RejectedAsync("question_removed", "PinQuestion", new { itemId });

        Assert.Equal(version, (await host.SnapshotAsync()).GetProperty("session").Version());
        var jam = await Server.CreateAndJoinAsync("jam");
        await jam.Host.RejectedAsync("not_supported", "SetBlockedWords", new { words = new[] { "x" } });
        await jam.Host.RejectedAsync("not_supported", "RestoreQuestion", new { itemId });
    }
}
