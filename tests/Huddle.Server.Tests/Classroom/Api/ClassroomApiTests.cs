using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Classroom.Api;

/// <summary>Creating classrooms (the per-host cap), the CSV export and reading an ended classroom, over real HTTP.</summary>
public sealed class ClassroomApiTests() : ServerTest
{
    [Fact]
    public async Task Create_ByAHostName_ReturnsAClassroomForALectureHall()
    {
        var response = await Server.Http.PostAsJsonAsync("/api/sessions", new
        {
            kind = "classroom", hostName = "Prof. Ada", title = "Physics 101", settings = new { moderation = true, allowAnonymous = false },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var snapshot = body.GetProperty("snapshot");
        Assert.Equal("classroom", snapshot.GetProperty("session").Str("kind"));
        var settings = snapshot.GetProperty("session").GetProperty("settings");
        Assert.Equal(500, settings.GetProperty("maxParticipants").GetInt32());
        Assert.True(settings.GetProperty("moderation").GetBoolean());
        Assert.False(settings.GetProperty("allowAnonymous").GetBoolean());
        Assert.Empty(snapshot.GetProperty("classroom").GetProperty("questions").EnumerateArray());
    }

    [Fact]
    public async Task Create_AFourthActiveClassroomForTheSameHostName_Is409_HostSessionLimit_UntilOneEnds()
    {
        var first = await Server.CreateSessionAsync("classroom", "Ada Lovelace");
        await Server.CreateSessionAsync("classroom", "ada lovelace");
        await Server.CreateSessionAsync("classroom", " ADA LOVELACE ");

        var refused = await CreateAsync("Ada Lovelace");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("host_session_limit", (await refused.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));

        // Someone else, and other kinds, are not affected; ending one frees a place.
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync("Grace Hopper")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync("Ada Lovelace", "jam")).StatusCode);
        await End(first);
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync("Ada Lovelace")).StatusCode);
    }

    [Fact]
    public async Task TransferHost_MovesTheSessionOffTheCreatorsCap_OntoTheNewHosts()
    {
        var handed = await Server.CreateSessionAsync("classroom", "Ada Lovelace");
        await Server.CreateSessionAsync("classroom", "Ada Lovelace");
        await Server.CreateSessionAsync("classroom", "Ada  Lovelace"); // the same host, extra space
        Assert.Equal(HttpStatusCode.Conflict, (await CreateAsync("ada lovelace")).StatusCode);
        var ada = await Server.ConnectAsync();
        await ada.JoinAsync(handed.Code, null, handed.HostToken);
        var grace = await Server.JoinAsync(handed.Code, "Grace Hopper");
        await Server.CreateSessionAsync("classroom", "Grace Hopper");
        await Server.CreateSessionAsync("classroom", "Grace Hopper");

        await ada.Send("TransferHost", new { participantId = grace.ParticipantId });
        await grace.WaitFor("hostChanged");

        // Ada has a place again; Grace now hosts three and is at the cap.
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync("Ada Lovelace")).StatusCode);
        var refused = await CreateAsync("grace hopper");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("host_session_limit", (await refused.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Fact]
    public async Task Create_TwoConcurrentCreatesAtTheCap_OneIs201_TheOther409()
    {
        await Server.CreateSessionAsync("classroom", "Alan");
        await Server.CreateSessionAsync("classroom", "Alan");

        var responses = await Task.WhenAll(CreateAsync("Alan"), CreateAsync("alan"));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
    }

    [Fact]
    public async Task Create_WithAnInvalidName_IsRejectedAndCreatesNothing()
    {
        var response = await CreateAsync("   ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_name", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Fact]
    public async Task Csv_ForTheHost_HoldsEveryQuestionWithVotesStatusAuthorOrAnonymousAndTimes()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var bo = await Server.JoinAsync(session.Code, "Bo Ström");
        var cy = await Server.JoinAsync(session.Code, "Cy");
        var first = (await bo.Call("AskQuestion", new { text = "Why, \"exactly\"?\nTwo lines", anonymous = false })).Str("itemId");
        var secret = (await cy.Call("AskQuestion", new { text = "Is this anonymous?", anonymous = true })).Str("itemId");
        var formula = (await bo.Call("AskQuestion", new { text = "=HYPERLINK(\"http://evil\")" })).Str("itemId");
        await cy.Call("UpvoteQuestion", new { itemId = first, value = 1 });
        await host.Call("UpvoteQuestion", new { itemId = first, value = 1 });
        await host.Send("MarkAnswered", new { itemId = first });
        await host.Send("HideQuestion", new { itemId = formula });

        var response = await Csv(session.Code, session.HostToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Contains($"questions-{session.Code}.csv", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n");
        Assert.Equal("question_id,text,status,pinned,votes,author,asked_at,edited_at,answered_at", lines[0]);
        Assert.StartsWith($"{first},\"Why, \"\"exactly\"\"?\nTwo lines\",answered,false,2,Bo Ström,20", text.Split("\r\n", 2)[1], StringComparison.Ordinal);
        Assert.Contains($"{secret},Is this anonymous?,open,false,0,anonymous,", text, StringComparison.Ordinal);
        Assert.Contains($"{formula},\"'=HYPERLINK(\"\"http://evil\"\")\",hidden,false,0,Bo Ström,", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cy", text, StringComparison.Ordinal);
        Assert.DoesNotContain(cy.ParticipantId, text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.Equal(5, lines.Length); // header, three questions (one spans two physical lines), and the empty tail
    }

    [Fact]
    public async Task Csv_WithoutTheHostsToken_Is403_AnUnknownCode404_AnotherKind400()
    {
        var (session, _) = await Server.CreateAndJoinAsync("classroom");
        var bo = await Server.JoinAsync(session.Code, "Bo");

        Assert.Equal("not_allowed", await Problem(await Csv(session.Code, null), HttpStatusCode.Forbidden));
        Assert.Equal("not_allowed", await Problem(await Csv(session.Code, bo.Token), HttpStatusCode.Forbidden));
        Assert.Equal("not_allowed", await Problem(await Csv(session.Code, "not-a-token"), HttpStatusCode.Forbidden));
        Assert.Equal("session_not_found", await Problem(await Csv("ZZZZZZ", session.HostToken), HttpStatusCode.NotFound));
        var jam = await Server.CreateSessionAsync("jam");
        Assert.Equal("not_supported", await Problem(await Csv(jam.Code, jam.HostToken), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task AnEndedClassroom_StaysReadable_QuestionsAndAnswersByCode_AndExportable()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom", new { moderation = true });
        var bo = await Server.JoinAsync(session.Code, "Bo");
        var answered = (await bo.Call("AskQuestion", new { text = "Answered one?" })).Str("itemId");
        await host.Send("ApproveQuestion", new { itemId = answered });
        await host.Send("MarkAnswered", new { itemId = answered });
        var open = (await bo.Call("AskQuestion", new { text = "Open one?" })).Str("itemId");
        await host.Send("ApproveQuestion", new { itemId = open });
        var pending = (await bo.Call("AskQuestion", new { text = "Never approved?" })).Str("itemId");
        await host.Send("EndSession");

        var summary = await Server.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session.Code}");

        Assert.Equal("ended", summary.Str("status"));
        var questions = summary.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal([open, answered], questions.Select(q => q.Str("itemId")));
        Assert.Equal(["open", "answered"], questions.Select(q => q.Str("status")));
        Assert.DoesNotContain(pending, summary.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Csv(session.Code, session.HostToken)).StatusCode);

        // Read-only: nothing can be asked any more.
        await bo.RejectedAsync("session_ended", "AskQuestion", new { text = "Late?" });
    }

    private Task<HttpResponseMessage> CreateAsync(string hostName, string kind = "classroom") =>
        Server.Http.PostAsJsonAsync("/api/sessions", new { kind, hostName });

    private async Task End(CreatedSession session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.Code}/end");
        request.Headers.Add("X-Participant-Token", session.HostToken);
        (await Server.Http.SendAsync(request)).EnsureSuccessStatusCode();
    }

    private async Task<HttpResponseMessage> Csv(string code, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{code}/questions.csv");
        if (token is not null) request.Headers.Add("X-Participant-Token", token);
        return await Server.Http.SendAsync(request);
    }

    private static async Task<string> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code");
    }
}
