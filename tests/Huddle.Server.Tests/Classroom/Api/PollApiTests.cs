using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Classroom.Api;

/// <summary>Polls over REST: the host's polls.csv (read from the tables) and the ended session's summary.</summary>
public sealed class PollApiTests() : ServerTest
{
    [Fact]
    public async Task PollsCsv_ForTheHost_HoldsEveryAnswer_NamesOnlyForNamedPolls()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var bo = await Server.JoinAsync(session.Code, "Bo Ström");
        var cy = await Server.JoinAsync(session.Code, "Cy");
        var anonymous = (await host.Call("CreatePoll", new { kind = "multiple", question = "Which, \"really\"?", options = new[] { "=A", "B" } })).Str("pollId");
        await host.Send("LaunchPoll", new { pollId = anonymous });
        await bo.Call("AnswerPoll", new { pollId = anonymous, choices = new[] { 0, 1 } });
        await cy.Call("AnswerPoll", new { pollId = anonymous, choices = new[] { 1 } });
        var quiz = (await host.Call("CreatePoll", new { kind = "quiz", question = "2+2", options = new[] { "3", "4" }, correct = 1 })).Str("pollId");
        await host.Send("LaunchPoll", new { pollId = quiz });
        await bo.Call("AnswerPoll", new { pollId = quiz, choices = new[] { 1 } });
        await cy.Call("AnswerPoll", new { pollId = quiz, choices = new[] { 0 } });
        var unanswered = (await host.Call("CreatePoll", new { kind = "rating", question = "Rate" })).Str("pollId");

        var response = await Csv(session.Code, session.HostToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"polls-{session.Code}.csv", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("poll_id,kind,question,status,answer,correct,participant,answered_at", lines[0]);
        Assert.StartsWith($"{anonymous},multiple,\"Which, \"\"really\"\"?\",closed,'=A | B,,anonymous,20", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"{anonymous},multiple,\"Which, \"\"really\"\"?\",closed,B,,anonymous,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith($"{quiz},quiz,2+2,open,4,true,Bo Ström,", lines[3], StringComparison.Ordinal);
        Assert.StartsWith($"{quiz},quiz,2+2,open,3,false,Cy,", lines[4], StringComparison.Ordinal);
        Assert.Equal($"{unanswered},rating,Rate,draft,,,,", lines[5]);
        Assert.Equal(7, lines.Length);
    }

    [Fact]
    public async Task PollsCsv_WithoutTheHostsToken_Is403_AnUnknownCode404_AnotherKind400()
    {
        var (session, _) = await Server.CreateAndJoinAsync("classroom");
        var bo = await Server.JoinAsync(session.Code, "Bo");

        Assert.Equal("not_allowed", await Problem(await Csv(session.Code, bo.Token), HttpStatusCode.Forbidden));
        Assert.Equal("not_allowed", await Problem(await Csv(session.Code, null), HttpStatusCode.Forbidden));
        Assert.Equal("session_not_found", await Problem(await Csv("ZZZZZZ", session.HostToken), HttpStatusCode.NotFound));
        var jam = await Server.CreateSessionAsync("jam");
        Assert.Equal("not_supported", await Problem(await Csv(jam.Code, jam.HostToken), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task AnEndedClassroom_SummaryHoldsItsClosedPollsWithResults_NotDrafts()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var bo = await Server.JoinAsync(session.Code, "Bo");
        var closed = (await host.Call("CreatePoll", new { kind = "rating", question = "Rate the class", resultsLive = false })).Str("pollId");
        await host.Send("LaunchPoll", new { pollId = closed });
        await bo.Call("AnswerPoll", new { pollId = closed, choices = new[] { 4 } });
        await host.Send("ClosePoll", new { pollId = closed });
        var draft = (await host.Call("CreatePoll", new { kind = "text", question = "Never launched" })).Str("pollId");
        await host.Send("EndSession");

        var summary = await Server.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session.Code}");

        var polls = summary.GetProperty("polls").EnumerateArray().ToList();
        Assert.Equal([closed], polls.Select(p => p.Str("pollId")));
        Assert.Equal(4.0, polls[0].GetProperty("results").GetProperty("average").GetDouble());
        Assert.DoesNotContain(draft, summary.GetRawText(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> Csv(string code, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{code}/polls.csv");
        if (token is not null) request.Headers.Add("X-Participant-Token", token);
        return await Server.Http.SendAsync(request);
    }

    private static async Task<string> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code");
    }
}
