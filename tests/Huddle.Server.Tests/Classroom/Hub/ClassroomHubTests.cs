using System.Text.Json;
using Huddle.Core.Application;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Huddle.Server.Tests.Classroom.Hub;

/// <summary>Live Q&amp;A through the real hub: many clients, what each role sees, anonymity, and every rejection.</summary>
public sealed class ClassroomHubTests() : ServerTest
{
    [Fact]
    public async Task ManyClients_AskAndUpvote_AndEveryoneSeesTheSameRankedList()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var students = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Server.JoinAsync(session.Code, $"Student {i}")));
        var asked = new List<string>();
        for (var i = 0; i < 4; i++)
            asked.Add((await students[i].Call("AskQuestion", new { text = $"Question {i}?", anonymous = i % 2 == 1 })).Str("itemId"));

        // Question k gets 2k + 1 upvotes (the last one most): the ranking is the reverse of asking order.
        await Task.WhenAll(asked.SelectMany((itemId, k) => students.Take((2 * k) + 1)
            .Select(s => s.Call("UpvoteQuestion", new { itemId, value = 1 }))));
        await host.Send("PinQuestion", new { itemId = asked[0] });

        var expected = new[] { asked[0], asked[3], asked[2], asked[1] };
        foreach (var client in students.Append(host))
        {
            await client.WaitFor("questionScoreUpdated", e => e.Str("itemId") == asked[3] && e.GetProperty("score").GetInt32() == 7);
            var pinned = await client.WaitFor("questionUpdated", e => e.Str("itemId") == asked[0] && e.GetProperty("question").GetProperty("pinned").GetBoolean());
            Assert.Equal(0, pinned.GetProperty("position").GetInt32());
            var snapshot = (await client.SnapshotAsync()).GetProperty("classroom");
            Assert.Equal(expected, Ids(snapshot));
            Assert.Equal([1, 7, 5, 3], snapshot.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("score").GetInt32()));
        }

        // Upvotes travel as small score deltas, not as lists.
        Assert.Equal(16, students[23].Events.Count(e => e.Name == "questionScoreUpdated"));
        var upvoted = students[0].Snapshot; // taken at join: before the votes
        Assert.Empty(upvoted.GetProperty("classroom").GetProperty("myUpvotes").EnumerateArray());
        Assert.Equal(4, (await students[0].SnapshotAsync()).GetProperty("classroom").GetProperty("myUpvotes").GetArrayLength());
    }

    [Fact]
    public async Task Moderation_APendingQuestionReachesOnlyItsAuthorAndTheModerators_UntilApproved()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom", new { moderation = true });
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var ben = await Server.JoinAsync(session.Code, "Ben");
        var mo = await Server.JoinAsync(session.Code, "Mo");
        await host.Send("SetRole", new { participantId = mo.ParticipantId, role = "moderator" });
        await mo.WaitFor("roleChanged");
        foreach (var c in new[] { host, ana, ben, mo }) c.ClearEvents();

        var asked = await ana.Call("AskQuestion", new { text = "Can I ask this?" });
        var itemId = asked.Str("itemId");

        Assert.Equal("pending", asked.Str("status"));
        Assert.True(asked.GetProperty("mine").GetBoolean());
        var version = 0L;
        foreach (var c in new[] { host, mo, ana })
            version = (await c.WaitFor("questionUpdated", e => e.GetProperty("itemId").GetString() == itemId && e.GetProperty("question").Str("status") == "pending")).Version();
        var bens = await ben.WaitFor("questionUpdated", e => e.Version() == version);
        Assert.Equal(JsonValueKind.Null, bens.GetProperty("itemId").ValueKind); // the version only
        Assert.DoesNotContain(itemId, string.Join(' ', ben.Events.Select(e => e.Payload.GetRawText())), StringComparison.Ordinal);
        Assert.Empty(Ids((await ben.SnapshotAsync()).GetProperty("classroom")));
        Assert.Equal([itemId], Ids((await mo.SnapshotAsync()).GetProperty("classroom")));
        await ben.RejectedAsync("question_not_found", "UpvoteQuestion", new { itemId, value = 1 });

        await mo.Send("ApproveQuestion", new { itemId });

        var approved = await ben.WaitFor("questionUpdated", e => e.GetProperty("itemId").GetString() == itemId);
        Assert.Equal("open", approved.GetProperty("question").Str("status"));
        Assert.Equal(0, approved.GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task ARoleChange_SendsTheNewModeratorTheQueue_AndTakesItAwayAgain()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom", new { moderation = true });
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var ben = await Server.JoinAsync(session.Code, "Ben");
        var pending = (await ana.Call("AskQuestion", new { text = "Pending?" })).Str("itemId");

        await host.Send("SetRole", new { participantId = ben.ParticipantId, role = "moderator" });
        await ben.WaitFor("questionsUpdated", e => Ids(e).Contains(pending));
        ben.ClearEvents();

        await host.Send("SetRole", new { participantId = ben.ParticipantId, role = "member" });
        Assert.Empty(Ids(await ben.WaitFor("questionsUpdated")));
    }

    [Fact]
    public async Task Anonymous_TheAuthorsIdAndNameNeverReachAnyOtherClient()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var shy = await Server.JoinAsync(session.Code, "Shyla");
        var ben = await Server.JoinAsync(session.Code, "Ben");
        var mo = await Server.JoinAsync(session.Code, "Mo");
        await host.Send("SetRole", new { participantId = mo.ParticipantId, role = "moderator" });
        await mo.WaitFor("roleChanged");

        var asked = await shy.Call("AskQuestion", new { text = "A question I am shy about?", anonymous = true });
        var itemId = asked.Str("itemId");
        await ben.Call("UpvoteQuestion", new { itemId, value = 1 });
        await host.Send("PinQuestion", new { itemId });
        await shy.Send("EditQuestion", new { itemId, text = "Edited, still shy?" });
        await host.Send("MarkAnswered", new { itemId });
        foreach (var c in new[] { host, mo, ben })
            await c.WaitFor("questionUpdated", e => e.GetProperty("question").ValueKind == JsonValueKind.Object && e.GetProperty("question").Str("status") == "answered");

        // A pending anonymous question reaches the moderators' full list (a separate serialization), never its author's name.
        await host.Send("UpdateSettings", new { moderation = true });
        var pending = (await shy.Call("AskQuestion", new { text = "Pending and shy?", anonymous = true })).Str("itemId");
        await mo.WaitFor("questionUpdated", e => e.GetProperty("itemId").GetString() == pending);
        await host.WaitFor("questionUpdated", e => e.GetProperty("itemId").GetString() == pending);

        Assert.Equal(JsonValueKind.Null, asked.GetProperty("author").ValueKind);
        Assert.True(asked.GetProperty("anonymous").GetBoolean());
        foreach (var other in new[] { host, mo, ben })
        {
            // Presence events name everyone, of course; no question event or list may name the author.
            var seen = string.Join('\n', other.Events.Where(e => e.Name.StartsWith("question", StringComparison.Ordinal)).Select(e => e.Payload.GetRawText()))
                + (await other.SnapshotAsync()).GetProperty("classroom").GetRawText();
            Assert.Contains(itemId, seen, StringComparison.Ordinal);
            Assert.DoesNotContain(shy.ParticipantId, seen, StringComparison.Ordinal);
            Assert.DoesNotContain("Shyla", seen, StringComparison.Ordinal);
        }

        var summary = await Server.Http.GetStringAsync($"/api/sessions/{session.Code}");
        Assert.DoesNotContain(shy.ParticipantId, summary, StringComparison.Ordinal);

        // The author still knows it is theirs.
        Assert.Contains(itemId, (await shy.SnapshotAsync()).GetProperty("classroom").GetProperty("myQuestions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task EditDeleteAnswerHide_ReachEveryone_AndTheTablesFollow()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var ben = await Server.JoinAsync(session.Code, "Ben");
        var a = (await ana.Call("AskQuestion", new { text = "Frist?" })).Str("itemId");
        var b = (await ana.Call("AskQuestion", new { text = "Second?" })).Str("itemId");
        var c = (await ben.Call("AskQuestion", new { text = "Spam" })).Str("itemId");

        await ana.Send("EditQuestion", new { itemId = a, text = "First?" });
        await ana.Send("DeleteQuestion", new { itemId = b });
        await host.Send("HideQuestion", new { itemId = c });
        await host.Send("MarkAnswered", new { itemId = a });

        var last = await ana.WaitFor("questionUpdated", e => e.GetProperty("itemId").GetString() == a
            && e.GetProperty("question").Str("status") == "answered");
        Assert.Equal("First?", last.GetProperty("question").Str("text"));
        Assert.Equal(JsonValueKind.Number, last.GetProperty("question").GetProperty("answeredAt").ValueKind);
        Assert.Equal([a], Ids((await ana.SnapshotAsync()).GetProperty("classroom")));

        // Ben still sees his hidden question (marked hidden); the host sees both.
        var bens = await ben.WaitFor("questionUpdated", e => e.GetProperty("itemId").GetString() == c && e.GetProperty("question").Str("status") != "open");
        Assert.Equal("hidden", bens.GetProperty("question").Str("status"));
        Assert.Equal([a, c], Ids((await ben.SnapshotAsync()).GetProperty("classroom")));

        var rows = await Server.Services.GetRequiredService<IClassroomStore>().ExportQuestionsAsync(
            Guid.Parse(host.Snapshot.GetProperty("session").Str("id")), default);
        Assert.Equal([(a, "First?", "answered"), (c, "Spam", "hidden")], rows.Select(r => (r.ItemId, r.Text, r.Status)));
    }

    [Fact]
    public async Task Rejections_CarryAStableCode_AndChangeNothing()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom", new { allowAnonymous = false });
        var ana = await Server.JoinAsync(session.Code, "Ana");
        var ben = await Server.JoinAsync(session.Code, "Ben");
        var itemId = (await ana.Call("AskQuestion", new { text = "Mine?" })).Str("itemId");
        var version = (await ana.SnapshotAsync()).GetProperty("session").Version();

        await ana.RejectedAsync("invalid_question", "AskQuestion", new { text = "   " });
        await ana.RejectedAsync("invalid_question", "AskQuestion", new { text = new string('x', 501) });
        await ana.RejectedAsync("invalid_input", "AskQuestion", new { text = 42 });
        await ana.RejectedAsync("invalid_input", "AskQuestion", "not an object");
        await ana.RejectedAsync("anonymous_not_allowed", "AskQuestion", new { text = "Anon?", anonymous = true });
        await ben.RejectedAsync("not_allowed", "EditQuestion", new { itemId, text = "Hijacked" });
        await ben.RejectedAsync("not_allowed", "DeleteQuestion", new { itemId });
        await ben.RejectedAsync("not_allowed", "MarkAnswered", new { itemId });
        await ben.RejectedAsync("not_allowed", "PinQuestion", new { itemId });
        await ben.RejectedAsync("not_allowed", "HideQuestion", new { itemId });
        await ben.RejectedAsync("not_allowed", "ApproveQuestion", new { itemId });
        await ben.RejectedAsync("invalid_vote", "UpvoteQuestion", new { itemId, value = -1 });
        await ben.RejectedAsync("invalid_input", "UpvoteQuestion", new { itemId });
        await ben.RejectedAsync("question_not_found", "UpvoteQuestion", new { itemId = "qn_nope", value = 1 });
        await ana.RejectedAsync("invalid_input", "EditQuestion", new { text = "No id" });
        await host.RejectedAsync("question_not_found", "MarkAnswered", new { itemId = "qn_nope" });

        Assert.Equal(version, (await ana.SnapshotAsync()).GetProperty("session").Version());

        var jam = await Server.CreateAndJoinAsync("jam");
        await jam.Host.RejectedAsync("not_supported", "AskQuestion", new { text = "Questions in a jam?" });
        var stranger = await Server.ConnectAsync();
        await stranger.RejectedAsync("not_joined", "AskQuestion", new { text = "Who am I?" });
    }

    [Fact]
    public async Task AskingTooFast_IsRateLimitedWithWhenToRetry()
    {
        var (session, _) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        for (var i = 0; i < 5; i++) await ana.Call("AskQuestion", new { text = $"Q{i}?" });

        var message = await ana.RejectedAsync("question_rate_limited", "AskQuestion", new { text = "Sixth?" });

        Assert.Matches(@"Try again in \d+ s", message);
        var ben = await Server.JoinAsync(session.Code, "Ben");
        await ben.Call("AskQuestion", new { text = "Ben is not limited?" });
    }

    private static List<string> Ids(JsonElement withQuestions) =>
        withQuestions.GetProperty("questions").EnumerateArray().Select(q => q.Str("itemId")).ToList();
}
