using System.Text;

namespace Huddle.Server.Tests.Fuzz;

/// <summary>What a fuzz case may aim at: the arena's session and its people (never the bystander).</summary>
public sealed record ArenaTargets(string Code, string MemberToken, string AdminKey);

/// <summary>One REST route: how to build a hostile request for it. <c>Mutates</c>: it may change the arena's session.</summary>
public sealed record RestEntry(string Method, string Route, Func<Hostile, ArenaTargets, HttpRequestMessage> Build, bool Mutates = false)
{
    public string Name => $"{Method} {Route}";
}

/// <summary>One hub method: the fields of its one argument object (null: it takes no argument) and which kind of session it is for.</summary>
public sealed record HubEntry(string Method, IReadOnlyDictionary<string, Func<Hostile, string>>? Shape, string Kind = "jam", bool Destructive = false);

/// <summary>
/// Every entry point, in ONE table. A new REST route or hub method must be added here:
/// <see cref="FuzzTests.EntryPointTable_CoversEveryRoute_AndEveryHubMethod"/> fails with the missing list.
/// </summary>
public static class EntryPoints
{
    private static readonly string[] Kinds = ["jam", "movie", "room", "classroom", "coaching", "JAM", ""];

    public static readonly IReadOnlyDictionary<string, Func<Hostile, string>> SettingsShape = new Dictionary<string, Func<Hostile, string>>
    {
        ["allowVoting"] = h => h.Random.Next(2) == 0 ? "true" : h.Value(),
        ["maxQueueSize"] = h => h.Number(),
        ["autoPlay"] = h => h.Random.Next(2) == 0 ? "false" : h.Value(),
        ["skipThreshold"] = h => h.Number(),
        ["matchShare"] = h => h.Number(),
    };

    public static readonly IReadOnlyList<RestEntry> Rest =
    [
        new("POST", "/api/sessions", (h, _) => Json(HttpMethod.Post, "/api/sessions", h, h.Shaped(new Dictionary<string, Func<Hostile, string>>
        {
            ["kind"] = x => Hostile.Quote(Kinds[x.Random.Next(Kinds.Length)]),
            ["hostName"] = x => x.Text(),
            ["title"] = x => x.Text(),
            ["settings"] = x => x.Shaped(SettingsShape),
            ["preferences"] = x => x.Shaped(new Dictionary<string, Func<Hostile, string>>
            {
                ["genreIds"] = y => "[" + y.Number() + "," + y.Value() + "]", ["providerIds"] = y => "[" + y.Number() + "]",
                ["region"] = y => y.Text(), ["yearFrom"] = y => y.Number(), ["yearTo"] = y => y.Number(),
                ["minRating"] = y => y.Number(), ["maxRuntimeMinutes"] = y => y.Number(),
            }),
        }))),
        new("GET", "/api/sessions/{code}", (h, a) => Get($"/api/sessions/{Code(h, a)}")),
        new("POST", "/api/sessions/{code}/end", (h, a) =>
        {
            var request = Json(HttpMethod.Post, $"/api/sessions/{(h.Random.Next(4) == 0 ? h.Segment() : a.Code)}/end", h, h.Value());
            // Never the arena host's own token: a member's (replayed), another session's, or garbage.
            request.Headers.TryAddWithoutValidation("X-Participant-Token", h.Random.Next(3) switch
            {
                0 => a.MemberToken,
                1 => h.Random.Next(2) == 0 ? "t_" + new string((char)(0x21 + h.Random.Next(90)), h.Random.Next(1, 200)) : "",
                _ => Escape(h.Target()),
            });
            return request;
        }, Mutates: true),
        new("GET", "/api/sessions/{code}/qr", (h, a) => Get($"/api/sessions/{Code(h, a)}/qr?format={h.Segment()}")),
        new("GET", "/api/songs", (h, _) => Get($"/api/songs?q={h.Segment()}&genre={h.Segment()}&artist={h.Segment()}&limit={Uri.EscapeDataString(h.Number())}")),
        new("GET", "/api/songs/genres", (h, _) => Get($"/api/songs/genres?{h.Segment()}={h.Segment()}")),
        new("GET", "/api/songs/{id}", (h, _) => Get($"/api/songs/{h.Segment()}")),
        new("GET", "/api/songs/{id}/audio", (h, _) =>
        {
            var request = Get($"/api/songs/{(h.Random.Next(2) == 0 ? "s0001" : h.Segment())}/audio");
            request.Headers.TryAddWithoutValidation("Range", h.Random.Next(3) switch { 0 => "bytes=-5", 1 => "bytes=999999999999-", _ => "bytes=" + Escape(h.Target()) });
            return request;
        }),
        new("GET", "/api/movies", (h, _) => Get(
            $"/api/movies?q={h.Segment()}&genreIds={h.Segment()}&genreIds={Uri.EscapeDataString(h.Number())}&providerIds={h.Segment()}&region={h.Segment()}" +
            $"&yearFrom={Uri.EscapeDataString(h.Number())}&yearTo={h.Segment()}&minRating={Uri.EscapeDataString(h.Number())}" +
            $"&maxRuntimeMinutes={Uri.EscapeDataString(h.Number())}&page={Uri.EscapeDataString(h.Number())}&pageSize={Uri.EscapeDataString(h.Number())}")),
        new("GET", "/api/movies/genres", (h, _) => Get($"/api/movies/genres?{h.Segment()}=1")),
        new("GET", "/api/movies/providers", (h, _) => Get($"/api/movies/providers?region={h.Segment()}")),
        new("GET", "/api/sessions/{code}/questions.csv", (h, a) =>
        {
            var request = Get($"/api/sessions/{Code(h, a)}/questions.csv");
            request.Headers.TryAddWithoutValidation("X-Participant-Token", h.Random.Next(2) == 0 ? a.MemberToken : Escape(h.Target()));
            return request;
        }),
        new("GET", "/api/admin/sessions", (h, a) => Admin(h, a, $"/api/admin/sessions?limit={Uri.EscapeDataString(h.Number())}&offset={Uri.EscapeDataString(h.Number())}&kind={h.Segment()}")),
        new("GET", "/api/admin/stats", (h, a) => Admin(h, a, "/api/admin/stats")),
        new("GET", "/healthz", (h, _) => Get($"/healthz?{h.Segment()}")),
        new("GET", "/readyz", (h, _) => Get($"/readyz?{h.Segment()}")),
        new("GET", "/metrics", (h, _) => Get($"/metrics?{h.Segment()}")),
        new("GET", "/openapi/v1.json", (h, _) => Get($"/openapi/v1.json?{h.Segment()}={h.Segment()}")),
    ];

    private static readonly Func<Hostile, string> Id = h => h.Random.Next(3) == 0 ? h.Value() : Hostile.Quote(h.Target());

    public static readonly IReadOnlyList<HubEntry> Hub =
    [
        new("Ping", null),
        new("JoinSession", Shape(("code", h => h.Random.Next(3) == 0 ? Hostile.Quote(h.Target()) : h.Text()), ("name", h => h.Text()), ("participantToken", Id))),
        new("LeaveSession", null, Destructive: true),
        new("GetSnapshot", null),
        new("AddToQueue", Shape(("catalogId", h => h.Random.Next(4) == 0 ? "\"s0002\"" : h.Text()))),
        new("Vote", Shape(("itemId", Id), ("value", h => h.Random.Next(3) == 0 ? "1" : h.Number()))),
        new("RemoveFromQueue", Shape(("itemId", Id))),
        new("PlayNext", null, Destructive: true),
        new("UpdatePlayback", Shape(("isPlaying", h => h.Value()), ("positionSeconds", h => h.Number()))),
        new("VoteSkip", null, Destructive: true),
        new("GetRecommendations", Shape(("limit", h => h.Number()), ("seed", h => h.Number()))),
        new("UpdateSettings", SettingsShape),
        new("SetRole", Shape(("participantId", Id), ("role", h => h.Random.Next(3) == 0 ? "\"moderator\"" : h.Text()))),
        new("TransferHost", Shape(("participantId", Id))),
        new("Kick", Shape(("participantId", Id))),
        new("EndSession", null, Destructive: true),
        new("Broadcast", Shape(("eventName", h => h.Random.Next(3) == 0 ? "\"fuzz\"" : h.Text()), ("data", h => h.Value()))),
        new("Swipe", Shape(("movieId", h => h.Number()), ("like", h => h.Value())), Kind: "movie"),
        new("SuggestMovie", Shape(("movieId", h => h.Random.Next(3) == 0 ? "603" : h.Number())), Kind: "movie"),
        new("PickMovie", Shape(("movieId", h => h.Number())), Kind: "movie", Destructive: true),
        new("DealMore", null, Kind: "movie"),
        new("AskQuestion", Shape(("text", h => h.Random.Next(4) == 0 ? "\"Why?\"" : h.Text()), ("anonymous", h => h.Value())), Kind: "classroom"),
        new("EditQuestion", Shape(("itemId", Id), ("text", h => h.Text())), Kind: "classroom"),
        new("DeleteQuestion", Shape(("itemId", Id)), Kind: "classroom", Destructive: true),
        new("UpvoteQuestion", Shape(("itemId", Id), ("value", h => h.Random.Next(3) == 0 ? "1" : h.Number())), Kind: "classroom"),
        new("ApproveQuestion", Shape(("itemId", Id)), Kind: "classroom"),
        new("MarkAnswered", Shape(("itemId", Id)), Kind: "classroom", Destructive: true),
        new("PinQuestion", Shape(("itemId", Id)), Kind: "classroom"),
        new("HideQuestion", Shape(("itemId", Id)), Kind: "classroom", Destructive: true),
    ];

    private static Dictionary<string, Func<Hostile, string>> Shape(params (string Name, Func<Hostile, string> Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value);

    private static string Code(Hostile h, ArenaTargets a) => h.Random.Next(3) == 0 ? a.Code : h.Segment();

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Admin(Hostile h, ArenaTargets a, string path)
    {
        var request = Get(path);
        if (h.Random.Next(3) != 0) request.Headers.TryAddWithoutValidation("X-Admin-Key", h.Random.Next(2) == 0 ? a.AdminKey : Escape(h.Target()));
        return request;
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, Hostile h, string body)
    {
        var type = h.Random.Next(8) switch { 0 => "text/plain", 1 => "application/json; charset=latin1", 2 => "application/x-www-form-urlencoded", _ => "application/json" };
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(h.Random.Next(20) == 0 ? body[..(body.Length / 2)] : body));
        content.Headers.TryAddWithoutValidation("Content-Type", type);
        return new HttpRequestMessage(method, path) { Content = content };
    }

    /// <summary>Header values must be ASCII without control characters on the wire.</summary>
    private static string Escape(string value) => Uri.EscapeDataString(value.Length > 4000 ? value[..4000] : value);
}
