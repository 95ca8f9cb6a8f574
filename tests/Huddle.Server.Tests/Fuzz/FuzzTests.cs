using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Huddle.Server.Realtime;
using Huddle.Server.Tests.Infrastructure;
using Huddle.Server.Tests.Operations;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Huddle.Server.Tests.Fuzz;

/// <summary>
/// Hostile input at every entry point (SPEC §8): no 5xx, no server error logged, every hub rejection
/// carries a code, a rejected call leaves the session's version as it was, and a bystander in the
/// same session keeps its connection and hears only what accepted calls caused. Deterministic:
/// <c>HUDDLE_FUZZ_SEED</c> (default below) and <c>HUDDLE_FUZZ_CASES</c> (total, default 4,000).
/// The per-entry-point report is written to <c>fuzzing-report.md</c> in the test output folder.
/// </summary>
public sealed partial class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261122;
    private const string AdminKey = "fuzz-admin-key-0123456789";
    private const string FuzzPassword = "fuzz password 123";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Admin:Key"] = AdminKey,
        // High limits, so the fuzzer reaches validation instead of the limiter (tested on its own).
        ["Huddle:RateLimits:SessionCreatesPerMinute"] = "1000000",
        ["Huddle:RateLimits:FailedLookupsPerMinute"] = "1000000",
        ["Huddle:RateLimits:ApiRequestsPerMinute"] = "1000000",
        ["Huddle:RateLimits:HubInvocationsPerSecond"] = "1000000",
        ["Huddle:RateLimits:HubInvocationBurst"] = "1000000",
        ["Huddle:RateLimits:RelayEventsPerSecond"] = "1000000",
        ["Huddle:RateLimits:RelayBurst"] = "1000000",
        ["Huddle:Limits:ParticipantsPerSession"] = "1000",
        // The address-wide login limits too; the per-(e-mail, address) delays stay as shipped, for the lockout abuse case.
        ["Coaching:LoginThrottle:LoginsPerIp"] = "1000000",
        ["Coaching:LoginThrottle:FreeFailuresPerIp"] = "100000",
    };

    [Fact]
    public async Task EntryPointTable_CoversEveryRoute_AndEveryHubMethod()
    {
        await using var server = await HuddleServer.StartAsync();
        var mapped = server.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            // The hub's routes have their own table; "/" is the placeholder page when the web app is not built.
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/hubs/", StringComparison.Ordinal) && !raw.StartsWith("{*path:nonfile", StringComparison.Ordinal) && raw != "/")
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Where(name => !name.StartsWith("HEAD ", StringComparison.Ordinal))
            .ToHashSet();
        var inTable = EntryPoints.Rest.Select(r => r.Name).ToHashSet();
        var missing = mapped.Except(inTable).Order().ToList();
        var stale = inTable.Except(mapped).Order().ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            $"Fuzz/EntryPoints.cs is out of date. Add: {string.Join(", ", missing)}. Remove: {string.Join(", ", stale)}.");

        var methods = typeof(SessionHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name != nameof(SessionHub.OnDisconnectedAsync)).Select(m => m.Name).ToHashSet();
        var hubTable = EntryPoints.Hub.Select(h => h.Method).ToHashSet();
        Assert.True(methods.SetEquals(hubTable),
            $"Fuzz/EntryPoints.cs hub table is out of date. Add: {string.Join(", ", methods.Except(hubTable))}. Remove: {string.Join(", ", hubTable.Except(methods))}.");
    }

    /// <summary>A client and a coach (granted by the admin key, available around the clock) and one booking between them.</summary>
    private static async Task<CoachingTargets> CoachingTargetsAsync(HuddleServer server)
    {
        async Task<(string Token, string Id, string Email)> RegisterAsync(string name)
        {
            var email = $"{name}-{Guid.NewGuid():N}@example.com";
            var response = await server.Http.PostAsJsonAsync("/api/auth/register", new { email, password = FuzzPassword, name });
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (body.Str("accessToken"), body.GetProperty("account").Str("id"), email);
        }

        async Task<JsonElement> SendAsync(HttpMethod method, string path, object body, string? bearer = null, string? adminKey = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
            if (bearer is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
            if (adminKey is not null) request.Headers.Add("X-Admin-Key", adminKey);
            using var response = await server.Http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var client = await RegisterAsync("client");
        var coach = await RegisterAsync("coach");
        await SendAsync(HttpMethod.Post, $"/api/admin/users/{coach.Id}/roles", new { role = "coach" }, adminKey: AdminKey);
        var windows = Enumerable.Range(0, 7).Select(d => new { dayOfWeek = d, start = "00:00", end = "24:00" });
        await SendAsync(HttpMethod.Put, "/api/coaches/me/availability", new { timeZone = "UTC", windows, exceptions = Array.Empty<object>() }, coach.Token);
        var at = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(2).AddHours(10), TimeSpan.Zero);
        var booking = await SendAsync(HttpMethod.Post, "/api/sessions/book",
            new { title = "Fuzz target", scheduledAt = at.ToString("O", CultureInfo.InvariantCulture), durationMinutes = 60, coachId = coach.Id }, client.Token);
        return new CoachingTargets(client.Token, coach.Token, coach.Id, booking.Str("id")) { ClientEmail = client.Email };
    }

    [Fact]
    public async Task HostileInput_AtEveryEntryPoint_NeverFails_AndRejectedCallsChangeNothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HUDDLE_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var total = int.TryParse(Environment.GetEnvironmentVariable("HUDDLE_FUZZ_CASES"), CultureInfo.InvariantCulture, out var n) ? n : 4000;
        var perEntry = Math.Max(10, total / (EntryPoints.Rest.Count + EntryPoints.Hub.Count));
        var logs = new CapturingLoggerProvider();
        // SQLite whatever HUDDLE_TEST_STORAGE says: "a rejected call changes nothing" is checked on the database file itself.
        using var dir = new TempFolder("huddle-fuzz-");
        var file = Path.Combine(dir.FullName, "huddle.db");
        var settings = new Dictionary<string, string?>(Settings) { ["Storage:Provider"] = "Sqlite", ["ConnectionStrings:Huddle"] = $"Data Source={file}" };
        await using var server = await HuddleServer.StartAsync(settings, configure: b => b.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        await using var state = new StoredState(file);
        var limits = server.Services.GetRequiredService<Huddle.Core.Sessions.HuddleLimits>();
        output.WriteLine($"Fuzz seed {seed}, {perEntry} cases per entry point (HUDDLE_FUZZ_SEED / HUDDLE_FUZZ_CASES to change).");

        // Other sessions' codes, ids and tokens to aim at.
        var (other, otherHost) = await server.CreateAndJoinAsync();
        var otherItem = await otherHost.AddAsync("s0003");
        var pool = new TargetPool(
            [other.Code, "ZZZZZZ", "abcdef"],
            new List<string> { other.HostId, otherItem, "p_unknown", "q_unknown", Guid.NewGuid().ToString() },
            [other.HostToken, "t_" + new string('A', 43)]);
        var report = new List<Row>();
        var random = new Random(seed);
        var arenas = new Dictionary<string, Arena>();
        foreach (var kind in new[] { "jam", "movie", "classroom" }) arenas[kind] = await Arena.StartAsync(server, kind, pool);
        var coaching = await CoachingTargetsAsync(server);
        var room = arenas["classroom"];
        var classroom = new ClassroomTargets(room.Targets.Code, room.HostToken, room.MemberToken);
        var accounts = await AccountConnectionsAsync(server, coaching);
        var checks = 0;
        var changes = 0;

        // Compares the stored state after a rejected call with the state before it; counts both.
        async Task CheckUnchangedAsync(string? before, string what)
        {
            if (before is null) return;
            var after = await state.ReadAsync();
            checks++;
            if (after != before) changes++;
            Assert.True(after == before, $"seed {seed}, {what}: rejected, but the stored state changed:\n{before}\n→\n{after}");
        }

        foreach (var entry in EntryPoints.Rest)
        {
            var row = new Row(entry.Name);
            var arena = arenas["jam"];
            var hostile = new Hostile(new Random(random.Next()), pool with { Tokens = [.. pool.Tokens, arena.MemberToken] });
            for (var i = 0; i < perEntry; i++)
            {
                var before = entry.Mutates ? await state.ReadAsync() : null;
                using var request = entry.Build(hostile, arena.Targets with { Coaching = coaching, Classroom = classroom, MaxLengths = (limits.NameMaxLength, limits.TitleMaxLength) });
                var describe = $"{request.Method} {Cut(request.RequestUri?.ToString())} body {Cut(request.Content is null ? "" : await request.Content.ReadAsStringAsync())}";
                using var response = await server.Http.SendAsync(request);
                var status = (int)response.StatusCode;
                Assert.True(status < 500, $"seed {seed}, {entry.Name} case {i}: {status} for {describe}: {Cut(await response.Content.ReadAsStringAsync())}");
                if (status >= 400)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    // Kestrel refuses some malformed requests (e.g. %00 in the path) before the app sees them, with an empty body.
                    var code = status is 400 or 413 or 414 or 431 && body.Length == 0 ? $"kestrel_{status}" : CodeOf(body);
                    Assert.True(code is not null, $"seed {seed}, {entry.Name} case {i}: {status} without a code for {describe}: {Cut(body)}");
                    row.Reject(code!);
                    await CheckUnchangedAsync(before, $"{entry.Name} case {i} ({code}): {describe}");
                }
                else
                {
                    row.Accepted++;
                    if (entry.Name == "POST /api/sessions") await CheckStoredAsExactlySentAsync(server, request, response, seed, i);
                    if (entry.Name == "GET /api/sessions/{code}/questions.csv") Rfc4180.AssertWellFormed(await response.Content.ReadAsStringAsync(), 9, room.AskedQuestions);
                }
            }

            report.Add(row);
        }

        // Lockout abuse: the cases above guessed the client's password from this address, many times
        // over. Its owner, signing in from another address, is not held up at all.
        using (var owner = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email = coaching.ClientEmail, password = FuzzPassword }) })
        {
            owner.Headers.Add("X-Forwarded-For", "198.51.100.20");
            using var response = await server.Http.SendAsync(owner);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"seed {seed}: after the login cases, the owner got {(int)response.StatusCode} from another address");
        }

        // The role cases may have taken the coach role away (an accepted DELETE): give it back, so the
        // availability route below is refused for its size, not for the role.
        using (var grant = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/users/{coaching.CoachId}/roles") { Content = JsonContent.Create(new { role = "coach" }) })
        {
            grant.Headers.Add("X-Admin-Key", AdminKey);
            (await server.Http.SendAsync(grant)).EnsureSuccessStatusCode();
        }

        // 100,000 levels (200 KB) are over the body limit: refused by size before any parsing, with a code.
        // Expect: 100-continue, so the refusal comes before the body is sent and the connection is not cut mid-upload.
        foreach (var (method, route) in new[] { (HttpMethod.Post, "/api/sessions"), (HttpMethod.Put, "/api/coaches/me/availability") })
        {
            var before = await state.ReadAsync();
            using var request = new HttpRequestMessage(method, route) { Content = new StringContent(Hostile.DeepArray(100_000), Encoding.UTF8, "application/json") };
            request.Headers.ExpectContinue = true;
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", coaching.CoachJwt);
            using var response = await server.Http.SendAsync(request);
            Assert.True((int)response.StatusCode == 413 && CodeOf(await response.Content.ReadAsStringAsync()) == "payload_too_large",
                $"seed {seed}: 100,000 levels to {route}: {(int)response.StatusCode}");
            await CheckUnchangedAsync(before, $"100,000 levels to {route}");
        }

        foreach (var entry in EntryPoints.Hub)
        {
            var row = new Row(entry.Method);
            var arena = arenas[entry.Kind];
            var hostile = new Hostile(new Random(random.Next()), pool with { Tokens = [.. pool.Tokens, arena.MemberToken] });
            for (var i = 0; i < perEntry; i++)
            {
                var (arguments, who) = Arguments(entry, hostile);
                await using var throwaway = who == Caller.Leaver ? await arena.LeaverAsync(server) : null;
                var caller = who switch
                {
                    Caller.Joiner => arena.Joiner,
                    Caller.Member => arena.Member,
                    Caller.Leaver => throwaway!,
                    Caller.Account => accounts[hostile.Random.Next(accounts.Count)].Client,
                    _ => arena.Host,
                };
                var before = await arena.VersionAsync();
                var stored = await state.ReadAsync();
                var describe = $"{(who == Caller.Account ? "(signed in?) " : "")}{entry.Method}({Cut(string.Join(", ", arguments))}) by {who}";
                (JsonElement? Result, string? Error) answer;
                try
                {
                    answer = await caller.InvokeAsync(entry.Method, arguments);
                }
                catch (IOException e)
                {
                    Assert.Fail($"seed {seed}, {entry.Method} case {i}: the connection closed ({e.Message}) for {describe}");
                    throw;
                }

                if (answer.Error is { } error)
                {
                    var code = HubCode().Match(error) is { Success: true } m ? m.Groups[1].Value : null;
                    Assert.True(code is not null, $"seed {seed}, {entry.Method} case {i}: error without a code for {describe}: {error}");
                    Assert.NotEqual("internal_error", code);
                    row.Reject(code!);
                    var after = await arena.VersionAsync();
                    Assert.True(after == before, $"seed {seed}, {entry.Method} case {i}: rejected ({code}) but version {before} → {after}: {describe}");
                    await CheckUnchangedAsync(stored, $"{entry.Method} case {i} ({code}): {describe}");
                }
                else
                {
                    row.Accepted++;
                    if (entry.Method == "Broadcast" && caller != arena.Joiner) arena.RelaysSent++;
                }
            }

            report.Add(row);
        }

        // 100,000 levels cannot fit the hub's 32 KB message limit: sent on a connection of its own, it
        // is refused (or the connection closed by the limit); the bystanders must not notice.
        await using (var deep = await RawHubClient.ConnectAsync(server.BaseUri))
        {
            try
            {
                var answer = await deep.InvokeAsync("AddToQueue", Hostile.DeepArray(100_000));
                Assert.NotNull(answer.Error);
            }
            catch (IOException)
            {
            }
        }

        foreach (var (_, client) in accounts) Assert.True(client.Open, $"seed {seed}: a signed-in (or forged) hub connection was closed");
        foreach (var arena in arenas.Values) await arena.CheckBystanderAsync(seed);
        var errors = logs.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, $"seed {seed}: the server logged errors: {string.Join("\n", errors.Select(e => Cut(e.Text + " " + e.Exception)))}");

        Assert.True(checks > 0 && changes == 0);
        var markdown = Report(seed, perEntry, report, checks, changes);
        var path = Path.Combine(AppContext.BaseDirectory, "fuzzing-report.md");
        await File.WriteAllTextAsync(path, markdown);
        output.WriteLine(markdown);
        output.WriteLine($"Report: {path}");
        foreach (var arena in arenas.Values) await arena.DisposeAsync();
        foreach (var (_, client) in accounts) await client.DisposeAsync();
    }

    /// <summary>An accepted create stored exactly the name and title sent (a valid-shaped body), as the API reads them back.</summary>
    private static async Task CheckStoredAsExactlySentAsync(HuddleServer server, HttpRequestMessage request, HttpResponseMessage response, int seed, int i)
    {
        using var sent = JsonDocument.Parse(await request.Content!.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var summary = await server.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{created.Str("code")}");
        var root = sent.RootElement;
        string? Sent(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (Sent("title") is { } title) Assert.True(title.Trim() == summary.Str("title"), $"seed {seed}, create case {i}: title stored as {summary.Str("title")}, sent {title}");
        if (Sent("hostName") is { } name) Assert.True(name.Trim() == summary.Str("hostName"), $"seed {seed}, create case {i}: name stored as {summary.Str("hostName")}, sent {name}");
    }

    /// <summary>Hub connections carrying an account token as browsers do (?access_token=): forged, signed by another key, expired, and real.</summary>
    private static async Task<List<(string Kind, RawHubClient Client)>> AccountConnectionsAsync(HuddleServer server, CoachingTargets coaching)
    {
        var jwt = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Huddle.Server.Coaching.JwtOptions>>().Value;
        var sub = coaching.CoachId;
        var tokens = new (string Kind, string Token)[]
        {
            ("forged", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.forged"),
            ("other-key", Jwt.Sign(new { sub, iss = jwt.Issuer, aud = jwt.Audience, exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() }, "another-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz")),
            ("expired", Jwt.Sign(new { sub, iss = jwt.Issuer, aud = jwt.Audience, exp = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds() }, jwt.SigningKey!)),
            ("real", coaching.ClientJwt),
        };
        var clients = new List<(string, RawHubClient)>();
        foreach (var (kind, token) in tokens) clients.Add((kind, await RawHubClient.ConnectAsync(server.BaseUri, "access_token=" + Uri.EscapeDataString(token))));
        return clients;
    }

    private enum Caller
    {
        Host,
        Member,
        Joiner,
        /// <summary>A participant of the arena's own, joined for this one call (LeaveSession that is accepted).</summary>
        Leaver,
        /// <summary>A connection that presented an account token, real or not (coaching methods).</summary>
        Account,
    }

    /// <summary>The raw argument list (mostly the method's object mangled; sometimes none, two, a non-object, or deep) and who calls.</summary>
    private static (string[] Arguments, Caller Who) Arguments(HubEntry entry, Hostile h)
    {
        // Over 32 KB the server closes the connection by design (EdgeTests covers it): stay under,
        // in bytes (combining floods are sent as raw UTF-8, two or three bytes a character).
        while (true)
        {
            var arguments = Draw(entry, h);
            if (arguments.Sum(Encoding.UTF8.GetByteCount) < 30_000) return (arguments, Who(entry, h, arguments));
        }
    }

    private static string[] Draw(HubEntry entry, Hostile h)
    {
        var roll = h.Random.Next(12);
        if (roll == 11) return [Hostile.DeepArray(Hostile.DeepLevels[h.Random.Next(3)])]; // 65, 1,000 or 10,000 levels
        if (entry.Shape is null)
        {
            // A no-argument method: extra arguments, or the plain call (destructive ones by someone it must refuse, or a throwaway).
            return roll < 5 ? [h.Value()] : roll < 9 ? [] : [h.Value(), h.Value()];
        }

        return roll switch
        {
            0 => [],
            1 => [h.Shaped(entry.Shape), h.Value()],
            2 => [h.Value()],
            _ => [h.Shaped(entry.Shape)],
        };
    }

    private static Caller Who(HubEntry entry, Hostile h, string[] arguments)
    {
        if (entry.Method == "JoinSession") return Caller.Joiner;
        if (entry.Method is "WatchCoach" or "UnwatchCoach" && h.Random.Next(3) != 0) return Caller.Account;
        var plainCall = entry.Shape is null && arguments.Length == 0;
        return entry.Method switch
        {
            // The real arity: a member may not end the session or skip ahead (not_allowed), a connection that never joined may do neither.
            "EndSession" or "PlayNext" when plainCall => h.Random.Next(4) == 0 ? Caller.Joiner : Caller.Member,
            "LeaveSession" when plainCall => h.Random.Next(3) == 0 ? Caller.Joiner : Caller.Leaver,
            _ when entry.Destructive && plainCall => Caller.Member,
            _ => h.Random.Next(2) == 0 ? Caller.Host : Caller.Member,
        };
    }

    private static string Report(int seed, int perEntry, List<Row> rows, int checks, int changes)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Seed {seed}, {perEntry} cases per entry point, {rows.Sum(r => r.Total)} cases in all: 0 responses ≥ 500, 0 hub errors without a code, {changes} state changes in {checks} checks of the database after rejected calls, 0 server errors logged, bystanders connected and told only of accepted calls.");
        text.AppendLine();
        text.AppendLine("| entry point | cases | accepted | rejected | most frequent rejection codes |");
        text.AppendLine("|---|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            var codes = string.Join(", ", r.Codes.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(4).Select(c => $"`{c.Key}` {c.Value}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{r.Name}` | {r.Total} | {r.Accepted} | {r.Rejected} | {codes} |");
        }

        return text.ToString();
    }

    private static string? CodeOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The route as the table names it: a join code's pattern constraint is written as plain <c>{code}</c>.</summary>
    private static string Normalize(string route) => "/" + Regex.Replace(route, @"\{code:regex\(.*?\)\}(?=/|$)", "{code}").Trim('/');

    private static string Cut(string? text) => text is null ? "" : text.Length > 300 ? text[..300] + $"…({text.Length} chars)" : text;

    [GeneratedRegex("HubException: ([a-z_]+):")]
    private static partial Regex HubCode();

    private sealed class Row(string name)
    {
        public string Name { get; } = name;

        public int Accepted { get; set; }

        public int Rejected => Codes.Values.Sum();

        public int Total => Accepted + Rejected;

        public Dictionary<string, int> Codes { get; } = new(StringComparer.Ordinal);

        public void Reject(string code) => Codes[code] = Codes.GetValueOrDefault(code) + 1;
    }

    /// <summary>A session under attack: its host and a member call hostile methods, a fresh joiner joins, a bystander watches.</summary>
    private sealed class Arena : IAsyncDisposable
    {
        private Arena(string code, RawHubClient host, RawHubClient member, RawHubClient joiner, TestClient bystander, string memberToken, string hostToken)
        {
            HostToken = hostToken;
            Host = host;
            Member = member;
            Joiner = joiner;
            Bystander = bystander;
            MemberToken = memberToken;
            Targets = new ArenaTargets(code, memberToken, AdminKey);
        }

        public RawHubClient Host { get; }

        public string HostToken { get; }

        /// <summary>The question texts asked in a classroom arena, as a host's export must hold them.</summary>
        public List<string> AskedQuestions { get; } = [];

        public RawHubClient Member { get; }

        public RawHubClient Joiner { get; }

        public TestClient Bystander { get; }

        public string MemberToken { get; }

        public ArenaTargets Targets { get; }

        public int RelaysSent { get; set; }

        public static async Task<Arena> StartAsync(HuddleServer server, string kind, TargetPool pool)
        {
            var session = await server.CreateSessionAsync(kind);
            var host = await RawHubClient.ConnectAsync(server.BaseUri);
            await host.InvokeAsync("JoinSession", JsonSerializer.Serialize(new { code = session.Code, participantToken = session.HostToken }));
            var member = await RawHubClient.ConnectAsync(server.BaseUri);
            var joined = await member.InvokeAsync("JoinSession", JsonSerializer.Serialize(new { code = session.Code, name = "Member" }));
            var token = joined.Result!.Value.GetProperty("you").Str("participantToken");
            if (kind == "jam")
            {
                foreach (var song in new[] { "s0001", "s0004" })
                {
                    var item = await host.InvokeAsync("AddToQueue", JsonSerializer.Serialize(new { catalogId = song }));
                    ((List<string>)pool.Ids).Add(item.Result!.Value.Str("itemId"));
                }
            }

            var asked = new List<string>();
            if (kind == "classroom")
            {
                // Text a spreadsheet would misread (formulas, quotes, commas, semicolons) and HTML, bidi and emoji: the export must keep each intact.
                foreach (var text in new[]
                {
                    "A real question", "=HYPERLINK(\"http://evil.example\",\"click\")", "+1 more", "-2 less", "@SUM(A1:A9)",
                    "Comma, \"quoted\" and; semicolon", "<script>alert(1)</script>", "\u202Eevil\u202C text", "👩‍👩‍👧‍👦 why?",
                })
                {
                    // Five a minute per participant: the member and the host take turns.
                    var question = await (asked.Count % 2 == 0 ? member : host).InvokeAsync("AskQuestion", JsonSerializer.Serialize(new { text, anonymous = asked.Count % 4 == 0 }));
                    Assert.True(question.Error is null, question.Error);
                    ((List<string>)pool.Ids).Add(question.Result!.Value.Str("itemId"));
                    asked.Add(text);
                }
            }

            var bystander = await server.JoinAsync(session.Code, "Bystander");
            var arena = new Arena(session.Code, host, member, await RawHubClient.ConnectAsync(server.BaseUri), bystander, token, session.HostToken);
            arena.AskedQuestions.AddRange(asked);
            return arena;
        }

        /// <summary>A new participant, joined to this session, to make one call as (an accepted LeaveSession).</summary>
        public async Task<RawHubClient> LeaverAsync(HuddleServer server)
        {
            var leaver = await RawHubClient.ConnectAsync(server.BaseUri);
            var joined = await leaver.InvokeAsync("JoinSession", JsonSerializer.Serialize(new { code = Targets.Code, name = "Leaver" }));
            Assert.Null(joined.Error);
            return leaver;
        }

        public async Task<long> VersionAsync()
        {
            var snapshot = await Host.InvokeAsync("GetSnapshot");
            return snapshot.Result!.Value.GetProperty("session").Version();
        }

        /// <summary>The bystander is still connected, was never kicked, and heard exactly the relays that were accepted.</summary>
        public async Task CheckBystanderAsync(int seed)
        {
            Assert.True(Bystander.Connection.State == Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, $"seed {seed}: the bystander lost its connection");
            Assert.True(await Bystander.Connection.InvokeAsync<long>("Ping") > 0);
            // Every relay call has returned, so its events are queued; a round trip of the bystander's
            // comes after them (Ping skips the outbox, GetSnapshot does not).
            await Bystander.SyncAsync();
            Assert.Equal(RelaysSent, Bystander.Events.Count(e => e.Name == "event"));
            Assert.DoesNotContain(Bystander.Events, e => e.Name == "kicked");
            var final = await VersionAsync();
            Assert.All(Bystander.VersionedEvents, e => Assert.True(e.Payload.Version() <= final));
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Member.DisposeAsync();
            await Joiner.DisposeAsync();
        }
    }
}
