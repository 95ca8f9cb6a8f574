using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Fuzz;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Hub;

/// <summary>
/// Issue 16 through the real hub and HTTP: user text is limited in bytes and combining marks as well as
/// characters, and names refuse invisible and direction characters. Refused with a code, nothing stored.
/// </summary>
public sealed class TextLimitTests() : ServerTest(Settings)
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Huddle:Limits:ClassroomSessionsPerHost"] = "1" };

    [Fact]
    public async Task AskQuestion_CombiningFlood_IsInvalidQuestion_AndTheQuestionListIsUnchanged()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");
        await ana.Call("AskQuestion", new { text = "A real question?" });
        var before = await host.SnapshotAsync();

        // The red team's question: one character of the 500 allowed, 24 KB for every watcher.
        await ana.RejectedAsync("invalid_question", "AskQuestion", new { text = "a" + new string('\u0301', 12_000) });
        // Well within the bytes, but a pile of marks on one letter.
        var marks = await ana.RejectedAsync("invalid_question", "AskQuestion", new { text = "Why" + new string('\u0301', 40) + "?" });
        Assert.Contains("combining marks", marks, StringComparison.Ordinal);

        var after = await host.SnapshotAsync();
        Assert.Equal(before.GetProperty("session").Version(), after.GetProperty("session").Version());
        var questions = after.GetProperty("classroom").GetProperty("questions");
        Assert.Equal("A real question?", Assert.Single(questions.EnumerateArray()).Str("text"));
    }

    [Theory]
    [InlineData("Ann\u202Egnp.exe")] // reads "Annexe.png"
    [InlineData("A\u200Bnn")] // looks exactly like "Ann"
    [InlineData("e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301")]
    public async Task Join_WithADirectionControl_AZeroWidthSpace_OrAFlood_IsInvalidName_AndNobodyJoins(string name)
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var before = await host.SnapshotAsync();
        await using var guest = await Server.ConnectAsync();

        await guest.RejectedAsync("invalid_name", "JoinSession", new { code = session.Code, name });

        var after = await host.SnapshotAsync();
        Assert.Equal(before.GetProperty("session").Version(), after.GetProperty("session").Version());
        Assert.Single(after.GetProperty("participants").EnumerateArray());
        await guest.RejectedAsync("not_joined", "GetSnapshot");
    }

    [Fact]
    public async Task Join_WithAFamilyEmojiName_IsAccepted()
    {
        var (session, _) = await Server.CreateAndJoinAsync();

        var family = await Server.JoinAsync(session.Code, "👩‍👩‍👧‍👦 Smiths");

        var me = family.Snapshot.GetProperty("participants").EnumerateArray().Single(p => p.Str("participantId") == family.ParticipantId);
        Assert.Equal("👩‍👩‍👧‍👦 Smiths", me.Str("name"));
    }

    [Theory]
    [InlineData("A\u200Bnn")] // zero-width space
    [InlineData("A\u034Fnn")] // combining grapheme joiner: the host-name key kept it, so it counted as someone else
    [InlineData("Ann\u3164")] // Hangul filler, a blank letter: likewise
    public async Task CreateClassroom_WithAnInvisibleCharacterInTheHostName_IsInvalidName_NotAWayPastTheHostCap(string disguised)
    {
        await Server.CreateSessionAsync("classroom", "Ann");
        Assert.Equal(HttpStatusCode.Conflict, (await CreateAsync("Ann")).StatusCode);

        var refused = await CreateAsync(disguised);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_name", (await refused.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }

    [Fact]
    public async Task Relay_DataOverTheBytesEveryReceiverGets_IsEventTooLarge_AndAFloodIsInvalidInput_AndNothingIsRelayed()
    {
        var (session, _) = await Server.CreateAndJoinAsync("room");
        var guest = await Server.JoinAsync(session.Code, "Guest");
        await using var sender = await RawHubClient.ConnectAsync(Server.BaseUri);
        Assert.Null((await sender.InvokeAsync("JoinSession", JsonSerializer.Serialize(new { code = session.Code, name = "Raw" }))).Error);

        // 500 × "é" sent as raw UTF-8 is 1,002 bytes of JSON (under 1,024), but goes out to every receiver
        // escaped, \u00e9, as 3,002 bytes.
        var accented = "{\"eventName\":\"note\",\"data\":\"" + string.Concat(Enumerable.Repeat("é", 500)) + "\"}";
        Assert.Equal("event_too_large", TestClient.ErrorCode((await sender.InvokeAsync("Broadcast", accented)).Error!));
        var flood = "{\"eventName\":\"note\",\"data\":{\"text\":\"a" + new string('\u0301', 100) + "\"}}";
        var error = (await sender.InvokeAsync("Broadcast", flood)).Error!;
        Assert.Equal("invalid_input", TestClient.ErrorCode(error));
        Assert.Contains("combining marks", error, StringComparison.Ordinal);

        // The next relay is the first the guest hears.
        Assert.Null((await sender.InvokeAsync("Broadcast", "{\"eventName\":\"note\",\"data\":\"Renée\"}")).Error);
        var heard = await guest.WaitFor("event");
        Assert.Equal("Renée", heard.GetProperty("data").GetString());
        Assert.Single(guest.Events, e => e.Name == "event");
    }

    private Task<HttpResponseMessage> CreateAsync(string hostName) =>
        Server.Http.PostAsJsonAsync("/api/sessions", new { kind = "classroom", hostName });
}
