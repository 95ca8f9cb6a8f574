using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Classroom;

/// <summary>
/// A classroom served by two real server processes on one PostgreSQL database: each node sends each
/// of its clients the list its role may see, and the per-host cap holds across nodes.
/// </summary>
public sealed class ClassroomMultiNodeTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huddle-qa-nodes-");
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly Dictionary<string, string> _env = new()
    {
        ["Storage__Provider"] = "Postgres",
        ["Huddle__RateLimits__Enabled"] = "false",
    };

    private ServerProcess _a = null!;
    private ServerProcess _b = null!;

    public async Task InitializeAsync()
    {
        _env["ConnectionStrings__Huddle"] = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync();
        var started = await Task.WhenAll(StartNode("node-a"), StartNode("node-b"));
        (_a, _b) = (started[0], started[1]);
    }

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_disposables)) await d.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task PendingQuestions_ReachTheAuthorAndModerators_OnEitherNode_AndNoOneElse()
    {
        var created = await CreateAsync(_a, "Prof. Nodes", new { moderation = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var code = body.Str("code");
        var host = await JoinAsync(_a, code, null, body.Str("participantToken"));
        var mo = await JoinAsync(_b, code, "Mo");
        var author = await JoinAsync(_b, code, "Ana");
        var other = await JoinAsync(_b, code, "Ben");
        var otherOnA = await JoinAsync(_a, code, "Cy");
        await host.Send("SetRole", new { participantId = mo.ParticipantId, role = "moderator" });

        var itemId = (await author.Call("AskQuestion", new { text = "Seen by whom?", anonymous = true })).Str("itemId");

        foreach (var c in new[] { host, mo, author })
            await c.WaitFor("questionUpdated", e => e.Str("itemId") == itemId);
        var version = (await author.WaitFor("questionUpdated", e => e.Str("itemId") == itemId)).Version();
        foreach (var c in new[] { other, otherOnA }) // the version, not the question
            Assert.Equal(JsonValueKind.Null, (await c.WaitFor("questionUpdated", e => e.Version() == version)).GetProperty("itemId").ValueKind);

        await mo.Send("ApproveQuestion", new { itemId });
        foreach (var c in new[] { host, other, otherOnA })
        {
            var delta = await c.WaitFor("questionUpdated", e => e.GetProperty("itemId").GetString() == itemId && e.GetProperty("question").Str("status") == "open");
            Assert.Equal(JsonValueKind.Null, delta.GetProperty("question").GetProperty("author").ValueKind);
        }

        await otherOnA.Send("UpvoteQuestion", new { itemId, value = 1 });
        await other.WaitFor("questionScoreUpdated", e => e.Str("itemId") == itemId && e.GetProperty("score").GetInt32() == 1);
    }

    [Fact]
    public async Task TheHostCap_HoldsWhenCreatesArriveOnBothNodesAtOnce()
    {
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(_a, "Dr Two Nodes")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(_b, "dr two nodes")).StatusCode);

        var responses = await Task.WhenAll(CreateAsync(_a, "Dr Two Nodes"), CreateAsync(_b, "Dr Two Nodes"));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
    }

    private static List<string> Ids(JsonElement withQuestions) =>
        withQuestions.GetProperty("questions").EnumerateArray().Select(q => q.Str("itemId")).ToList();

    [Fact]
    public async Task APoll_RunOnOneNode_IsAnsweredOnBoth_AndEveryClientSeesTheSameCounts()
    {
        var body = await (await CreateAsync(_a, "Prof. Polls")).Content.ReadFromJsonAsync<JsonElement>();
        var code = body.Str("code");
        var host = await JoinAsync(_a, code, null, body.Str("participantToken"));
        var onA = await JoinAsync(_a, code, "Ana");
        var onB = await JoinAsync(_b, code, "Ben");

        var pollId = (await host.Call("CreatePoll", new { kind = "single", question = "Node?", options = new[] { "A", "B" } })).Str("pollId");
        await host.Send("LaunchPoll", new { pollId });
        await onB.WaitFor("pollUpdated", e => e.GetProperty("poll").ValueKind == JsonValueKind.Object);
        await onA.Call("AnswerPoll", new { pollId, choices = new[] { 0 } });
        await onB.Call("AnswerPoll", new { pollId, choices = new[] { 1 } });
        await onB.Call("AnswerPoll", new { pollId, choices = new[] { 0 } });

        foreach (var c in new[] { host, onA, onB })
        {
            var poll = (await c.WaitFor("pollUpdated", e => e.GetProperty("poll") is { ValueKind: JsonValueKind.Object } p
                && p.GetProperty("results").GetProperty("counts").EnumerateArray().Select(n => n.GetInt32()).SequenceEqual([2, 0]))).GetProperty("poll");
            Assert.Equal(2, poll.GetProperty("answerCount").GetInt32());
        }

        // Answers are one per person on both nodes: the changed answer replaced the first.
        var snapshot = (await onB.SnapshotAsync()).GetProperty("classroom").GetProperty("polls")[0];
        Assert.Equal(2, snapshot.GetProperty("answerCount").GetInt32());
    }

    private async Task<ServerProcess> StartNode(string nodeId)
    {
        var env = new Dictionary<string, string>(_env) { ["Huddle__Engine__NodeId"] = nodeId };
        var node = await ServerProcess.StartAsync(_dir.FullName, ServerProcess.FreePort(), env);
        _disposables.Add(node);
        return node;
    }

    private static async Task<HttpResponseMessage> CreateAsync(ServerProcess node, string hostName, object? settings = null)
    {
        using var http = new HttpClient { BaseAddress = node.BaseUri };
        return await http.PostAsJsonAsync("/api/sessions", new { kind = "classroom", hostName, settings });
    }

    private async Task<TestClient> JoinAsync(ServerProcess node, string code, string? name, string? token = null)
    {
        var client = await TestClient.ConnectAsync(new Uri(node.BaseUri, "/hubs/session"));
        _disposables.Add(client);
        await client.JoinAsync(code, name, token);
        return client;
    }
}
