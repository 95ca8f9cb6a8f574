using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Options;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Classroom.Hub;

/// <summary>The operator's default word filter (<c>Huddle:Classroom:DefaultBlockedWords</c>) on new classrooms.</summary>
public sealed class DefaultBlockedWordsTests() : ServerTest
{
    [Fact]
    public async Task ANewClassroom_StartsWithTheDefaultList_AMatchingQuestionIsHeldForModeration()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");

        var held = await ana.Call("AskQuestion", new { text = "Why is this shit so hard?" });

        Assert.Equal("pending", held.Str("status"));
        Assert.Contains("shit", host.Snapshot.GetProperty("classroom").GetProperty("moderation").GetProperty("blockedWords").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal("open", (await ana.Call("AskQuestion", new { text = "Why is this so hard?" })).Str("status"));
    }

    [Fact]
    public async Task AHostWhoTurnsItOffAtCreation_StartsWithoutAFilter()
    {
        var response = await Server.Http.PostAsJsonAsync("/api/sessions", new { kind = "classroom", hostName = "Ada", defaultBlockedWords = false });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code")!;
        var ana = await Server.JoinAsync(code, "Ana");

        Assert.Equal("open", (await ana.Call("AskQuestion", new { text = "Why is this shit so hard?" })).Str("status"));
    }

    [Theory]
    [InlineData("spam, crème brûlée", true)]
    [InlineData("", true)]
    [InlineData("sp@m", false)]
    public void TheSetting_IsCheckedAtStart_ByTheHostsRules(string words, bool valid)
    {
        var problems = new ClassroomOptions { DefaultBlockedWords = words }.Validate().ToList();

        Assert.Equal(valid, problems.Count == 0);
        if (!valid) Assert.StartsWith("DefaultBlockedWords: ", Assert.Single(problems), StringComparison.Ordinal);
    }
}

/// <summary>An operator who empties the setting turns the default filter off for every new classroom.</summary>
public sealed class DefaultBlockedWordsOffTests() : ServerTest(new Dictionary<string, string?> { ["Huddle:Classroom:DefaultBlockedWords"] = "" })
{
    [Fact]
    public async Task AnEmptySetting_DisablesTheDefault()
    {
        var (session, host) = await Server.CreateAndJoinAsync("classroom");
        var ana = await Server.JoinAsync(session.Code, "Ana");

        Assert.Equal("open", (await ana.Call("AskQuestion", new { text = "Why is this shit so hard?" })).Str("status"));
        Assert.Empty(host.Snapshot.GetProperty("classroom").GetProperty("moderation").GetProperty("blockedWords").EnumerateArray());
    }
}
