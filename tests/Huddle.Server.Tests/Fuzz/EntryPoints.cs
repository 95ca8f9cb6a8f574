using System.Text;

namespace Huddle.Server.Tests.Fuzz;

/// <summary>What a fuzz case may aim at: the arena's session and its people (never the bystander).</summary>
public sealed record ArenaTargets(string Code, string MemberToken, string AdminKey)
{
    /// <summary>Coaching accounts and a booking to aim at (a client's and a coach's JWT, the coach's id, the booking's id).</summary>
    public CoachingTargets? Coaching { get; init; }

    /// <summary>The classroom arena (its code, host's and member's tokens), for the CSV export.</summary>
    public ClassroomTargets? Classroom { get; init; }

    /// <summary>Name and title limits, for valid-shaped bodies at the maximum length.</summary>
    public (int Name, int Title) MaxLengths { get; init; } = (40, 80);
}

public sealed record ClassroomTargets(string Code, string HostToken, string MemberToken);

public sealed record CoachingTargets(string ClientJwt, string CoachJwt, string CoachId, string BookingId)
{
    /// <summary>The client's e-mail: logins and password changes guess its password (the lockout abuse case).</summary>
    public string ClientEmail { get; init; } = "";
}

/// <summary>
/// One REST route: how to build a hostile request for it. <c>Mutates</c>: it may change stored
/// state (a session, an account, a booking, availability, roles), so after each rejected call the
/// fuzzer checks that the database is exactly as before.
/// </summary>
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
        ["autoDj"] = h => h.Value(),
        ["maxQueuedPerPerson"] = h => h.Number(),
        ["addCooldownSeconds"] = h => h.Number(),
        ["queueOrder"] = h => h.Random.Next(3) == 0 ? "\"fair\"" : h.Text(),
        ["lockAdding"] = h => h.Value(),
        ["endAtFirstMatch"] = h => h.Value(),
        ["deckReadyCheck"] = h => h.Value(),
    };

    public static readonly IReadOnlyList<RestEntry> Rest =
    [
        new("POST", "/api/sessions", (h, a) => h.Random.Next(3) == 0 ? Legal(h, a) : Json(HttpMethod.Post, "/api/sessions", h, h.Shaped(new Dictionary<string, Func<Hostile, string>>
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
        })), Mutates: true),
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
        new("GET", "/api/songs/{id}/cover", (h, _) =>
        {
            var request = Get($"/api/songs/{(h.Random.Next(2) == 0 ? "s0001" : h.Segment())}/cover?v={h.Segment()}");
            request.Headers.TryAddWithoutValidation("If-None-Match", Escape(h.Target()));
            return request;
        }),
        new("GET", "/api/songs/library", (h, _) => Get($"/api/songs/library?{h.Segment()}={h.Segment()}")),
        new("GET", "/api/songs/subsonic", (h, _) => Get($"/api/songs/subsonic?{h.Segment()}={h.Segment()}")),
        new("GET", @"/api/songs/{id:regex(^ss\x3A)}/audio", (h, _) =>
        {
            var request = Get($"/api/songs/ss:{h.Segment()}/audio");
            request.Headers.TryAddWithoutValidation("Range", "bytes=" + Escape(h.Target()));
            return request;
        }),
        new("GET", @"/api/songs/{id:regex(^ss\x3A)}/cover", (h, _) => Get($"/api/songs/ss%3A{h.Segment()}/cover?v={h.Segment()}")),
        new("GET", "/api/playlists", (h, _) => Get($"/api/playlists?{h.Segment()}={h.Segment()}")),
        new("GET", "/api/playlists/{id}", (h, _) => Get($"/api/playlists/{h.Segment()}")),
        new("GET", "/api/playlists/{id}.m3u8", (h, _) => Get($"/api/playlists/{h.Segment()}.m3u8")),
        // The arena host's token never: a member's, or garbage; the body is hostile text as an M3U8.
        new("POST", "/api/playlists", (h, a) => PlaylistRequest(h, a, HttpMethod.Post,
            $"/api/playlists?session={Code(h, a)}&name={h.Segment()}", new StringContent(h.Text())), Mutates: true),
        new("DELETE", "/api/playlists/{id}", (h, a) => PlaylistRequest(h, a, HttpMethod.Delete, $"/api/playlists/{h.Segment()}?session={Code(h, a)}", null), Mutates: true),
        new("POST", "/api/sessions/{code}/playlists", (h, a) => PlaylistRequest(h, a, HttpMethod.Post, $"/api/sessions/{Code(h, a)}/playlists",
            new StringContent(h.Shaped(Shape(("name", x => x.Text()), ("from", x => x.Random.Next(2) == 0 ? "\"queue\"" : x.Text()))), System.Text.Encoding.UTF8, "application/json")), Mutates: true),
        new("POST", "/api/sessions/{code}/playlists/{id}/queue", (h, a) => PlaylistRequest(h, a, HttpMethod.Post,
            $"/api/sessions/{Code(h, a)}/playlists/{h.Segment()}/queue", null), Mutates: true),
        new("GET", "/api/movies", (h, _) => Get(
            $"/api/movies?q={h.Segment()}&genreIds={h.Segment()}&genreIds={Uri.EscapeDataString(h.Number())}&providerIds={h.Segment()}&region={h.Segment()}" +
            $"&yearFrom={Uri.EscapeDataString(h.Number())}&yearTo={h.Segment()}&minRating={Uri.EscapeDataString(h.Number())}" +
            $"&maxRuntimeMinutes={Uri.EscapeDataString(h.Number())}&page={Uri.EscapeDataString(h.Number())}&pageSize={Uri.EscapeDataString(h.Number())}")),
        new("GET", "/api/movies/genres", (h, _) => Get($"/api/movies/genres?{h.Segment()}=1")),
        new("GET", "/api/movies/providers", (h, _) => Get($"/api/movies/providers?region={h.Segment()}")),
        new("GET", "/api/movies/images", (h, _) => Get($"/api/movies/images?{h.Segment()}=1")),
        new("GET", "/api/movies/{movieId:int}/watch", (h, _) => Get($"/api/movies/{Uri.EscapeDataString(h.Number())}/watch?region={h.Segment()}")),
        new("GET", "/api/films", (h, _) => Get($"/api/films?{h.Segment()}=1")),
        new("GET", "/api/films/{id}/video", (h, _) => Get($"/api/films/{h.Segment()}/video")),
        new("GET", "/api/films/{id}/subtitles/{subtitleId}", (h, _) => Get($"/api/films/{h.Segment()}/subtitles/{h.Segment()}")),
        new("GET", "/api/films/jellyfin/{id}/video", (h, _) => Get($"/api/films/jellyfin/{h.Segment()}/video")),
        new("GET", "/api/films/jellyfin/{id}/subtitles/{subtitleId}", (h, _) => Get($"/api/films/jellyfin/{h.Segment()}/subtitles/{h.Segment()}")),
        new("GET", "/api/sessions/{code}/questions.csv", (h, a) => ClassroomExport(h, a, "questions.csv")),
        new("GET", "/api/sessions/{code}/polls.csv", (h, a) => ClassroomExport(h, a, "polls.csv")),
        // Teachers who own their rooms: the coaching accounts' tokens (or none, or junk) on a hostile body or code.
        new("POST", "/api/classrooms", (h, a) => Bearer(h, a, Json(HttpMethod.Post, "/api/classrooms", h, h.Shaped(Shape(
            ("hostName", x => x.Text()), ("title", x => x.Text()), ("settings", x => x.Value()), ("defaultBlockedWords", x => x.Value()))))), Mutates: true),
        new("GET", "/api/classrooms/mine", (h, a) => Bearer(h, a, Get($"/api/classrooms/mine?{h.Segment()}={h.Segment()}"))),
        new("POST", "/api/classrooms/{code}/reopen", (h, a) => Bearer(h, a, Json(HttpMethod.Post, $"/api/classrooms/{Code(h, a)}/reopen", h, h.Value())), Mutates: true),
        new("POST", "/api/auth/register", (h, _) => Json(HttpMethod.Post, "/api/auth/register", h, h.Shaped(Shape(
            ("email", x => x.Random.Next(3) == 0 ? Hostile.Quote($"fuzz{x.Random.Next()}@example.com") : x.Text()),
            ("password", x => x.Random.Next(3) == 0 ? "\"long enough password\"" : x.Text()), ("name", x => x.Text())))), Mutates: true),
        // Often the client's own e-mail: its failures are counted (per address, in memory), and its owner must still sign in afterwards.
        new("POST", "/api/auth/login", (h, a) => Json(HttpMethod.Post, "/api/auth/login", h, h.Shaped(Shape(
            ("email", x => x.Random.Next(2) == 0 && a.Coaching is { } t ? Hostile.Quote(t.ClientEmail) : x.Text()), ("password", x => x.Text())))), Mutates: true),
        new("GET", "/api/auth/me", (h, a) => Bearer(h, a, Get("/api/auth/me"))),
        // The real tokens with a current password that is never right: refused, nothing changes, the tokens stay valid.
        new("POST", "/api/auth/password", (h, a) => Bearer(h, a, Json(HttpMethod.Post, "/api/auth/password", h, h.Shaped(Shape(
            ("currentPassword", x => x.Text()), ("newPassword", x => x.Random.Next(3) == 0 ? "\"a much better passphrase 7\"" : x.Text()))))), Mutates: true),
        // Never a real token: an accepted sign-out everywhere would revoke the tokens every other case uses.
        new("POST", "/api/auth/logout-all", (h, _) =>
        {
            var request = Json(HttpMethod.Post, "/api/auth/logout-all", h, h.Value());
            if (h.Random.Next(3) != 0) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Escape(h.Target()));
            return request;
        }, Mutates: true),
        new("POST", "/api/admin/users/{id:guid}/roles", (h, a) => Admin(h, a, Json(HttpMethod.Post, $"/api/admin/users/{CoachingId(h, a, t => t.CoachId)}/roles", h,
            h.Shaped(Shape(("role", x => x.Random.Next(3) == 0 ? "\"coach\"" : x.Text()))))), Mutates: true),
        new("GET", "/api/admin/users", (h, a) => Admin(h, a, $"/api/admin/users?q={Escape(h.Target())}&limit={Uri.EscapeDataString(h.Number())}")),
        new("DELETE", "/api/admin/users/{id:guid}/roles/{role}", (h, a) => Admin(h, a, new HttpRequestMessage(HttpMethod.Delete,
            $"/api/admin/users/{CoachingId(h, a, t => t.CoachId)}/roles/{(h.Random.Next(4) == 0 ? "coach" : Escape(h.Target()))}")), Mutates: true),
        new("GET", "/api/coaches", (h, _) => Get($"/api/coaches?{h.Segment()}={h.Segment()}")),
        new("GET", "/api/coaches/me/availability", (h, a) => Bearer(h, a, Get("/api/coaches/me/availability"))),
        new("PUT", "/api/coaches/me/availability", (h, a) => Bearer(h, a, Json(HttpMethod.Put, "/api/coaches/me/availability", h, h.Shaped(Shape(
            ("timeZone", x => x.Random.Next(3) == 0 ? "\"Europe/Paris\"" : x.Text()),
            ("windows", x => "[" + x.Shaped(Shape(("dayOfWeek", y => y.Number()), ("start", y => y.Random.Next(2) == 0 ? "\"09:00\"" : y.Text()), ("end", y => y.Text()))) + "]"),
            ("exceptions", x => "[" + x.Shaped(Shape(("date", y => y.Text()), ("windows", y => y.Value()))) + "]"),
            ("bio", x => x.Text())))), coach: true), Mutates: true),
        new("GET", "/api/coaches/{id:guid}", (h, a) => Get($"/api/coaches/{CoachingId(h, a, t => t.CoachId)}")),
        new("GET", "/api/coaches/{id:guid}/availability", (h, a) => Get(
            $"/api/coaches/{CoachingId(h, a, t => t.CoachId)}/availability?from={h.Segment()}&to={h.Segment()}&durationMinutes={Uri.EscapeDataString(h.Number())}")),
        new("POST", "/api/sessions/book", (h, a) =>
        {
            var request = Bearer(h, a, Json(HttpMethod.Post, "/api/sessions/book", h, h.Shaped(Shape(
                ("title", x => x.Text()), ("description", x => x.Text()), ("scheduledAt", x => x.Random.Next(3) == 0 ? "\"2031-02-03T10:00\"" : x.Text()),
                ("durationMinutes", x => x.Number()), ("coachId", x => x.Random.Next(2) == 0 && a.Coaching is { } t ? Hostile.Quote(t.CoachId) : x.Value())))));
            if (h.Random.Next(3) == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", Escape(h.Target()));
            return request;
        }, Mutates: true),
        new("POST", "/api/sessions/book-series", (h, a) =>
        {
            var request = Bearer(h, a, Json(HttpMethod.Post, "/api/sessions/book-series", h, h.Shaped(Shape(
                ("title", x => x.Text()), ("scheduledAt", x => x.Random.Next(3) == 0 ? "\"2031-02-05T10:00\"" : x.Text()),
                ("durationMinutes", x => x.Number()), ("coachId", x => x.Random.Next(2) == 0 && a.Coaching is { } t ? Hostile.Quote(t.CoachId) : x.Value()),
                ("frequency", x => x.Random.Next(3) == 0 ? "\"weekly\"" : x.Text()), ("count", x => x.Number()), ("until", x => x.Text())))));
            if (h.Random.Next(3) == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", Escape(h.Target()));
            return request;
        }, Mutates: true),
        new("POST", "/api/sessions/{id:guid}/cancel-series", (h, a) => Bearer(h, a, Json(HttpMethod.Post, $"/api/sessions/{CoachingId(h, a, t => t.BookingId)}/cancel-series", h, h.Shaped(Shape(
            ("reason", x => x.Text()), ("cancellationType", x => x.Text()), ("refundRequested", x => x.Value()),
            ("expectedFeeCents", x => x.Number()))))), Mutates: true),
        new("GET", "/api/sessions/mine", (h, a) => Bearer(h, a, Get($"/api/sessions/mine?{h.Segment()}"))),
        new("GET", "/api/sessions/{id:guid}", (h, a) => Bearer(h, a, Get($"/api/sessions/{CoachingId(h, a, t => t.BookingId)}"))),
        new("GET", "/api/sessions/{id:guid}/audit", (h, a) => Bearer(h, a, Get($"/api/sessions/{CoachingId(h, a, t => t.BookingId)}/audit"))),
        new("POST", "/api/sessions/{id:guid}/start", (h, a) => Bearer(h, a, Json(HttpMethod.Post, $"/api/sessions/{CoachingId(h, a, t => t.BookingId)}/start", h, h.Value())), Mutates: true),
        new("POST", "/api/sessions/{id:guid}/no-show", (h, a) => Bearer(h, a, Json(HttpMethod.Post, $"/api/sessions/{CoachingId(h, a, t => t.BookingId)}/no-show", h, h.Value())), Mutates: true),
        new("POST", "/api/sessions/{id:guid}/complete", (h, a) => Bearer(h, a, Json(HttpMethod.Post, $"/api/sessions/{CoachingId(h, a, t => t.BookingId)}/complete", h, h.Shaped(Shape(
            ("notes", x => x.Text()), ("rating", x => x.Number()), ("feedback", x => x.Text()), ("actionItems", x => "[" + x.Text() + "," + x.Value() + "]"))))), Mutates: true),
        new("GET", "/api/sessions/{id:guid}/cancellation", (h, a) => Bearer(h, a, Get($"/api/sessions/{CoachingId(h, a, t => t.BookingId)}/cancellation"))),
        new("POST", "/api/sessions/{id:guid}/cancel", (h, a) => Bearer(h, a, Json(HttpMethod.Post, $"/api/sessions/{CoachingId(h, a, t => t.BookingId)}/cancel", h, h.Shaped(Shape(
            ("reason", x => x.Text()), ("cancellationType", x => x.Text()), ("refundRequested", x => x.Value()),
            ("expectedFeeCents", x => x.Number()))))), Mutates: true),
        new("GET", "/api/sessions/{id:guid}/reschedule", (h, a) => Bearer(h, a, Get($"/api/sessions/{CoachingId(h, a, t => t.BookingId)}/reschedule?{h.Segment()}={h.Segment()}"))),
        new("POST", "/api/sessions/{id:guid}/reschedule", (h, a) =>
        {
            var request = Bearer(h, a, Json(HttpMethod.Post, $"/api/sessions/{CoachingId(h, a, t => t.BookingId)}/reschedule", h, h.Shaped(Shape(
                ("scheduledAt", x => x.Random.Next(3) == 0 ? "\"2031-02-04T10:00\"" : x.Text()), ("expectedFeeCents", x => x.Number())))));
            if (h.Random.Next(3) == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", Escape(h.Target()));
            return request;
        }, Mutates: true),
        new("GET", "/api/coaches/me/rules", (h, a) => Bearer(h, a, Get("/api/coaches/me/rules"))),
        new("PUT", "/api/coaches/me/rules", (h, a) => Bearer(h, a, Json(HttpMethod.Put, "/api/coaches/me/rules", h, h.Shaped(Shape(
            ("lateReschedule", x => x.Random.Next(3) == 0 ? "\"refuse\"" : x.Text())))), coach: true), Mutates: true),
        new("GET", "/api/sessions/{id:guid}/room", (h, a) => Bearer(h, a, Get($"/api/sessions/{CoachingId(h, a, t => t.BookingId)}/room"))),
        new("GET", "/api/sessions/{id:guid}/calendar.ics", (h, a) => Bearer(h, a, Get($"/api/sessions/{CoachingId(h, a, t => t.BookingId)}/calendar.ics"))),
        new("GET", "/api/admin/coaching-sessions", (h, a) => Admin(h, a, $"/api/admin/coaching-sessions?{h.Segment()}={h.Segment()}")),
        new("GET", "/api/admin/coaching-fees.csv", (h, a) => Admin(h, a, $"/api/admin/coaching-fees.csv?from={h.Segment()}&to={h.Segment()}")),
        new("GET", "/api/admin/sessions", (h, a) => Admin(h, a, $"/api/admin/sessions?limit={Uri.EscapeDataString(h.Number())}&offset={Uri.EscapeDataString(h.Number())}&kind={h.Segment()}")),
        new("GET", "/api/admin/stats", (h, a) => Admin(h, a, "/api/admin/stats")),
        new("GET", "/api/admin/mail", (h, a) => Admin(h, a, $"/api/admin/mail?status={h.Segment()}&limit={Uri.EscapeDataString(h.Number())}")),
        new("POST", "/api/admin/mail/{id:long}/retry", (h, a) => Admin(h, a, new HttpRequestMessage(HttpMethod.Post, $"/api/admin/mail/{Uri.EscapeDataString(h.Number())}/retry")), Mutates: true),
        new("POST", "/api/calendar/feed", (h, a) => Bearer(h, a, Json(HttpMethod.Post, "/api/calendar/feed", h, h.Value())), Mutates: true),
        new("DELETE", "/api/calendar/feed", (h, a) => Bearer(h, a, new HttpRequestMessage(HttpMethod.Delete, "/api/calendar/feed")), Mutates: true),
        new("GET", "/api/calendar/{secret}.ics", (h, _) => Get($"/api/calendar/{h.Segment()}.ics")),
        new("GET", "/api/coaches/me/webhooks", (h, a) => Bearer(h, a, Get("/api/coaches/me/webhooks"), coach: true)),
        new("POST", "/api/coaches/me/webhooks", (h, a) => Bearer(h, a, Json(HttpMethod.Post, "/api/coaches/me/webhooks", h, WebhookBody(h)), coach: true), Mutates: true),
        new("DELETE", "/api/coaches/me/webhooks/{id:guid}", (h, a) => Bearer(h, a, new HttpRequestMessage(HttpMethod.Delete, $"/api/coaches/me/webhooks/{CoachingId(h, a, _ => Guid.NewGuid().ToString())}"), coach: true), Mutates: true),
        new("GET", "/api/coaches/me/webhooks/{id:guid}/deliveries", (h, a) => Bearer(h, a, Get($"/api/coaches/me/webhooks/{CoachingId(h, a, _ => Guid.NewGuid().ToString())}/deliveries?limit={Uri.EscapeDataString(h.Number())}"), coach: true)),
        new("POST", "/api/coaches/me/webhooks/{id:guid}/deliveries/{deliveryId:long}/replay", (h, a) => Bearer(h, a, new HttpRequestMessage(HttpMethod.Post, $"/api/coaches/me/webhooks/{CoachingId(h, a, _ => Guid.NewGuid().ToString())}/deliveries/{Uri.EscapeDataString(h.Number())}/replay"), coach: true), Mutates: true),
        new("GET", "/api/coaches/me/meeting-link", (h, a) => Bearer(h, a, Get("/api/coaches/me/meeting-link"), coach: true)),
        new("PUT", "/api/coaches/me/meeting-link", (h, a) => Bearer(h, a, Json(HttpMethod.Put, "/api/coaches/me/meeting-link", h, h.Shaped(Shape(
            ("url", x => x.Random.Next(3) == 0 ? "\"https://zoom.us/j/123\"" : x.Text())))), coach: true), Mutates: true),
        new("GET", "/api/coaches/me/busy-calendars", (h, a) => Bearer(h, a, Get("/api/coaches/me/busy-calendars"), coach: true)),
        // Only addresses refused before or at connect time: the arena never waits on the network.
        new("POST", "/api/coaches/me/busy-calendars", (h, a) => Bearer(h, a, Json(HttpMethod.Post, "/api/coaches/me/busy-calendars", h, h.Shaped(Shape(
            ("url", x => x.Random.Next(3) switch { 0 => "\"https://127.0.0.1/cal.ics\"", 1 => "\"https://localhost/cal.ics\"", _ => x.Text() })))), coach: true), Mutates: true),
        new("DELETE", "/api/coaches/me/busy-calendars/{id:guid}", (h, a) => Bearer(h, a, new HttpRequestMessage(HttpMethod.Delete, $"/api/coaches/me/busy-calendars/{CoachingId(h, a, _ => Guid.NewGuid().ToString())}"), coach: true), Mutates: true),
        new("GET", "/api/admin/webhooks", (h, a) => Admin(h, a, Get("/api/admin/webhooks"))),
        new("POST", "/api/admin/webhooks", (h, a) => Admin(h, a, Json(HttpMethod.Post, "/api/admin/webhooks", h, WebhookBody(h))), Mutates: true),
        new("DELETE", "/api/admin/webhooks/{id:guid}", (h, a) => Admin(h, a, new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/webhooks/{CoachingId(h, a, _ => Guid.NewGuid().ToString())}")), Mutates: true),
        new("GET", "/api/admin/webhooks/{id:guid}/deliveries", (h, a) => Admin(h, a, Get($"/api/admin/webhooks/{CoachingId(h, a, _ => Guid.NewGuid().ToString())}/deliveries?limit={Uri.EscapeDataString(h.Number())}"))),
        new("POST", "/api/admin/webhooks/{id:guid}/deliveries/{deliveryId:long}/replay", (h, a) => Admin(h, a, new HttpRequestMessage(HttpMethod.Post, $"/api/admin/webhooks/{CoachingId(h, a, _ => Guid.NewGuid().ToString())}/deliveries/{Uri.EscapeDataString(h.Number())}/replay")), Mutates: true),
        // Spotify is not configured in the arena: these answer with their refusals (host check, input, not configured, not linked).
        new("GET", "/api/sessions/{code}/spotify", (h, a) => Participant(h, a, Get($"/api/sessions/{Code(h, a)}/spotify"))),
        new("POST", "/api/sessions/{code}/spotify/link", (h, a) => Participant(h, a, Json(HttpMethod.Post, $"/api/sessions/{Code(h, a)}/spotify/link", h, h.Value()))),
        new("DELETE", "/api/sessions/{code}/spotify/link", (h, a) => Participant(h, a, new HttpRequestMessage(HttpMethod.Delete, $"/api/sessions/{Code(h, a)}/spotify/link"))),
        new("GET", "/api/sessions/{code}/spotify/search", (h, a) => Participant(h, a,
            Get($"/api/sessions/{Code(h, a)}/spotify/search?q={h.Segment()}&limit={Uri.EscapeDataString(h.Number())}"))),
        new("GET", "/api/spotify/callback", (h, _) => Get($"/api/spotify/callback?code={h.Segment()}&state={h.Segment()}&error={h.Segment()}")),
        new("GET", "/healthz", (h, _) => Get($"/healthz?{h.Segment()}")),
        new("GET", "/readyz", (h, _) => Get($"/readyz?{h.Segment()}")),
        new("GET", "/metrics", (h, _) => Get($"/metrics?{h.Segment()}")),
        new("GET", "/openapi/v1.json", (h, _) => Get($"/openapi/v1.json?{h.Segment()}={h.Segment()}")),
        // The API explorer's page and its own (packaged) files.
        new("GET", "/docs/{documentName?}", (h, _) => Get($"/docs/{h.Segment()}")),
        new("GET", "/docs/index.html", (h, _) => Get($"/docs/index.html?{h.Segment()}={h.Segment()}")),
        new("GET", "/docs/scalar.js", (h, _) => Get($"/docs/scalar.js?{h.Segment()}")),
        new("GET", "/docs/scalar.aspnetcore.js", (h, _) => Get($"/docs/scalar.aspnetcore.js?{h.Segment()}")),
        new("GET", "/docs/favicon.svg", (h, _) => Get($"/docs/favicon.svg?{h.Segment()}")),
    ];

    private static readonly Func<Hostile, string> Id = h => h.Random.Next(3) == 0 ? h.Value() : Hostile.Quote(h.Target());

    public static readonly IReadOnlyList<HubEntry> Hub =
    [
        new("Ping", null),
        new("JoinSession", Shape(("code", h => h.Random.Next(3) == 0 ? Hostile.Quote(h.Target()) : h.Text()), ("name", h => h.Text()), ("participantToken", Id), ("deviceId", h => h.Random.Next(3) == 0 ? "\"fuzz-device-0123456789\"" : h.Text()))),
        new("LeaveSession", null, Destructive: true),
        new("GetSnapshot", null),
        new("AddToQueue", Shape(("catalogId", h => h.Random.Next(4) == 0 ? "\"s0002\"" : h.Text()))),
        new("Vote", Shape(("itemId", Id), ("value", h => h.Random.Next(3) == 0 ? "1" : h.Number()))),
        new("RemoveFromQueue", Shape(("itemId", Id))),
        new("MoveToTop", Shape(("itemId", Id))),
        new("PinItem", Shape(("itemId", Id), ("pinned", h => h.Value()))),
        new("PlayNext", null, Destructive: true),
        new("UpdatePlayback", Shape(("isPlaying", h => h.Value()), ("positionSeconds", h => h.Number()))),
        new("VoteSkip", null, Destructive: true),
        new("GetRecommendations", Shape(("limit", h => h.Number()), ("seed", h => h.Number()))),
        new("UpdateSettings", SettingsShape),
        new("SetRole", Shape(("participantId", Id), ("role", h => h.Random.Next(3) == 0 ? "\"moderator\"" : h.Text()))),
        new("TransferHost", Shape(("participantId", Id))),
        new("Kick", Shape(("participantId", Id))),
        new("Unban", Shape(("participantId", Id))),
        new("GetBans", null),
        new("EndSession", null, Destructive: true),
        new("KeepAlive", null),
        new("Broadcast", Shape(("eventName", h => h.Random.Next(3) == 0 ? "\"fuzz\"" : h.Text()), ("data", h => h.Value()))),
        new("Swipe", Shape(("movieId", h => h.Number()), ("like", h => h.Value())), Kind: "movie"),
        new("SuggestMovie", Shape(("movieId", h => h.Random.Next(3) == 0 ? "603" : h.Number())), Kind: "movie"),
        new("PickMovie", Shape(("movieId", h => h.Number())), Kind: "movie", Destructive: true),
        new("DealMore", null, Kind: "movie"),
        new("ChooseWatchFile", Shape(("fileId", h => h.Text())), Kind: "movie"),
        new("SetWatchControl", Shape(("everyone", h => h.Value())), Kind: "movie"),
        new("ReportBuffering", Shape(("buffering", h => h.Value())), Kind: "movie"),
        new("StartReadyCheck", null, Kind: "movie"),
        new("MarkReady", null, Kind: "movie"),
        new("ChooseWatchPlatform", Shape(("providerId", h => h.Random.Next(3) == 0 ? "8" : h.Number())), Kind: "movie"),
        new("StartCountdown", null, Kind: "movie"),
        new("ChangePreferences", Shape(("genreIds", h => h.Random.Next(3) == 0 ? "[35]" : h.Value()), ("minRating", h => h.Number()), ("region", h => h.Text())), Kind: "movie"),
        new("StartDeckReadyCheck", null, Kind: "movie"),
        new("MarkDeckReady", null, Kind: "movie"),
        new("OpenDeck", null, Kind: "movie"),
        new("Unswipe", Shape(("movieId", h => h.Number())), Kind: "movie"),
        new("React", Shape(("emoji", h => h.Random.Next(3) == 0 ? "\"👍\"" : h.Text())), Kind: "movie"),
        new("AskQuestion", Shape(("text", h => h.Random.Next(4) == 0 ? "\"Why?\"" : h.Text()), ("anonymous", h => h.Value())), Kind: "classroom"),
        new("EditQuestion", Shape(("itemId", Id), ("text", h => h.Text())), Kind: "classroom"),
        new("DeleteQuestion", Shape(("itemId", Id)), Kind: "classroom", Destructive: true),
        new("UpvoteQuestion", Shape(("itemId", Id), ("value", h => h.Random.Next(3) == 0 ? "1" : h.Number())), Kind: "classroom"),
        new("ApproveQuestion", Shape(("itemId", Id)), Kind: "classroom"),
        new("MarkAnswered", Shape(("itemId", Id)), Kind: "classroom", Destructive: true),
        new("PinQuestion", Shape(("itemId", Id)), Kind: "classroom"),
        new("HideQuestion", Shape(("itemId", Id)), Kind: "classroom", Destructive: true),
        new("RestoreQuestion", Shape(("itemId", Id)), Kind: "classroom"),
        new("SetBlockedWords", Shape(("words", h => h.Random.Next(3) == 0 ? "[\"spam\"]" : h.Value())), Kind: "classroom"),
        new("BanFromAsking", Shape(("participantId", Id)), Kind: "classroom"),
        new("UnbanFromAsking", Shape(("participantId", Id)), Kind: "classroom"),
        new("CreatePoll", Shape(
            ("kind", h => h.Random.Next(3) == 0 ? "\"single\"" : h.Value()), ("question", h => h.Text()),
            ("options", h => h.Random.Next(3) == 0 ? "[\"A\",\"B\"]" : h.Value()), ("correct", h => h.Number())), Kind: "classroom"),
        new("LaunchPoll", Shape(("pollId", Id)), Kind: "classroom"),
        new("ClosePoll", Shape(("pollId", Id)), Kind: "classroom", Destructive: true),
        new("DeletePoll", Shape(("pollId", Id)), Kind: "classroom", Destructive: true),
        new("AnswerPoll", Shape(("pollId", Id), ("choices", h => h.Random.Next(3) == 0 ? "[0]" : h.Value()), ("text", h => h.Text())), Kind: "classroom"),
        new("ShowLeaderboard", Shape(("pollId", Id), ("shown", h => h.Value())), Kind: "classroom"),
        new("UpdateNotes", Shape(("text", h => h.Random.Next(4) == 0 ? "\"Goals\\n- CV\"" : h.Text()))),
        new("WatchDirectory", null),
        new("UnwatchDirectory", null),
        new("WatchCoach", Shape(("coachId", h => h.Random.Next(3) == 0 ? Hostile.Quote(Guid.NewGuid().ToString()) : h.Value()))),
        new("UnwatchCoach", Shape(("coachId", h => h.Value()))),
    ];

    /// <summary>Mostly the classroom (whose questions and polls hold hostile text), so the host check and the export run.</summary>
    private static HttpRequestMessage ClassroomExport(Hostile h, ArenaTargets a, string file)
    {
        var room = a.Classroom!;
        var code = h.Random.Next(5) switch { 0 => a.Code, 1 => h.Segment(), _ => room.Code };
        var request = Get($"/api/sessions/{code}/{file}");
        var token = h.Random.Next(6) switch
        {
            0 or 1 or 2 => room.HostToken,
            3 => room.MemberToken,
            4 => a.MemberToken,
            _ => Escape(h.Target()),
        };
        request.Headers.TryAddWithoutValidation("X-Participant-Token", token);
        return request;
    }

    private static Dictionary<string, Func<Hostile, string>> Shape(params (string Name, Func<Hostile, string> Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value);

    private static string Code(Hostile h, ArenaTargets a) => h.Random.Next(3) == 0 ? a.Code : h.Segment();

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage PlaylistRequest(Hostile h, ArenaTargets a, HttpMethod method, string path, HttpContent? content) =>
        Participant(h, a, new HttpRequestMessage(method, path) { Content = content });

    /// <summary>A member's token (never the host's), garbage, or none.</summary>
    private static HttpRequestMessage Participant(Hostile h, ArenaTargets a, HttpRequestMessage request)
    {
        if (h.Random.Next(4) != 0) request.Headers.TryAddWithoutValidation("X-Participant-Token", h.Random.Next(2) == 0 ? a.MemberToken : Escape(h.Target()));
        return request;
    }

    /// <summary>A real account's token most of the time (client's, or the coach's), else garbage or none.</summary>
    private static HttpRequestMessage Bearer(Hostile h, ArenaTargets a, HttpRequestMessage request, bool coach = false)
    {
        var token = h.Random.Next(5) switch
        {
            0 => null,
            1 => Escape(h.Target()),
            2 => a.Coaching?.ClientJwt,
            _ => coach || h.Random.Next(2) == 0 ? a.Coaching?.CoachJwt : a.Coaching?.ClientJwt,
        };
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return request;
    }

    /// <summary>The arena's real id, a random GUID, or a hostile segment (which routes to 404).</summary>
    private static string CoachingId(Hostile h, ArenaTargets a, Func<CoachingTargets, string> real) => h.Random.Next(3) switch
    {
        0 when a.Coaching is { } t => real(t),
        1 => Guid.NewGuid().ToString(),
        _ => h.Segment(),
    };

    private static HttpRequestMessage Admin(Hostile h, ArenaTargets a, string path) => Admin(h, a, Get(path));

    /// <summary>A webhook to register: often valid in shape (a public https URL, known events), else hostile.</summary>
    private static string WebhookBody(Hostile h) => h.Shaped(Shape(
        ("url", x => x.Random.Next(3) switch { 0 => "\"https://203.0.113.9/hook\"", 1 => "\"http://127.0.0.1/hook\"", _ => x.Text() }),
        ("events", x => x.Random.Next(3) == 0 ? "[\"booked\",\"cancelled\"]" : "[" + x.Text() + "]")));

    private static HttpRequestMessage Admin(Hostile h, ArenaTargets a, HttpRequestMessage request)
    {
        if (h.Random.Next(3) != 0) request.Headers.TryAddWithoutValidation("X-Admin-Key", h.Random.Next(2) == 0 ? a.AdminKey : Escape(h.Target()));
        return request;
    }

    /// <summary>
    /// A create body that is valid in shape and carries hostile-but-legal text (HTML, bidi controls,
    /// emoji, the maximum lengths): the server must store exactly this, or refuse it with a code.
    /// </summary>
    private static HttpRequestMessage Legal(Hostile h, ArenaTargets a)
    {
        var kind = new[] { "jam", "movie", "room", "classroom" }[h.Random.Next(4)];
        var body = System.Text.Json.JsonSerializer.Serialize(new { kind, hostName = h.LegalText(a.MaxLengths.Name), title = h.LegalText(a.MaxLengths.Title) });
        return new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, Hostile h, string body)
    {
        // Now and then nesting past System.Text.Json's 64 levels (up to 30,000, which fits the body limit).
        if (h.Random.Next(12) == 0) body = Hostile.DeepArray(Hostile.DeepLevels[h.Random.Next(Hostile.DeepLevels.Length)]);
        var type = h.Random.Next(8) switch { 0 => "text/plain", 1 => "application/json; charset=latin1", 2 => "application/x-www-form-urlencoded", _ => "application/json" };
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(h.Random.Next(20) == 0 ? body[..(body.Length / 2)] : body));
        content.Headers.TryAddWithoutValidation("Content-Type", type);
        return new HttpRequestMessage(method, path) { Content = content };
    }

    /// <summary>Header values must be ASCII without control characters on the wire.</summary>
    private static string Escape(string value) => Uri.EscapeDataString(value.Length > 4000 ? value[..4000] : value);
}
