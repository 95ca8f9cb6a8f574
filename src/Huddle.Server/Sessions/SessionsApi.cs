using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Server.Contracts;
using Huddle.Server.Http;
using Huddle.Server.Limits;
using Huddle.Server.Movies;
using Huddle.Server.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Huddle.Server.Sessions;

public static class SessionsApi
{
    public const string ParticipantTokenHeader = "X-Participant-Token";

    /// <summary>
    /// A join code in a route: six characters of <see cref="Secrets.CodeAlphabet"/>, either case.
    /// Anything else (a word such as <c>book</c> or <c>mine</c>) is another route, or a 404/405,
    /// and never a failed lookup that counts against the caller.
    /// </summary>
    public const string CodeRoute = "{code:regex(^[A-HJKMNP-Za-hjkmnp-z2-9]{{6}}$)}";

    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions").WithTags("Sessions");
        group.MapPost("/", Create).RequireRateLimiting(RateLimiting.CreatePolicy)
            .ProducesProblem(400).ProducesProblem(429);
        group.MapGet($"/{CodeRoute}", Get).ProducesProblem(404).ProducesProblem(429);
        group.MapPost($"/{CodeRoute}/end", End).ProducesProblem(403).ProducesProblem(404).ProducesProblem(410);
        group.MapGet($"/{CodeRoute}/qr", Qr).Produces(200, (Type?)null, "image/svg+xml", "image/png")
            .ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    private static async Task<Created<CreatedSessionDto>> Create(
        CreateSessionRequest request, SessionService sessions, MovieNightService movies, HttpContext http,
        IOptions<HuddleServerOptions> server, IOptions<ClassroomOptions> classroom, EngineOptions engine, CancellationToken ct)
    {
        if (!WireNames.TryParseKind(request.Kind, out var kind))
            throw Errors.Invalid(ErrorCodes.InvalidKind, "kind must be one of: jam, movie, classroom, room.");
        if (!kind.CreatedByRequest())
            throw Errors.Invalid(ErrorCodes.InvalidKind, "A coaching room cannot be created here: it opens when its booked session starts (POST /api/sessions/{id}/start).");
        var created = kind.HasDeck()
            ? await movies.CreateAsync(request.HostName, request.Title, request.Settings, MoviesApi.ParsePreferences(request.Preferences), View(engine), ct)
            : await sessions.CreateAsync(
                kind, request.HostName, request.Title, request.Settings,
                _ => kind.HasQuestions() ? ClassroomSetUp(sessions, classroom.Value, null, request.DefaultBlockedWords) : [], View(engine), ct);
        var body = CreatedBody(created, http, server.Value, ownerAccountId: null);
        return TypedResults.Created($"/api/sessions/{body.Code}", body);
    }

    /// <summary>What the creator (or an owner reopening a classroom) sees: their own snapshot.</summary>
    public static JoinView<SnapshotDto> View(EngineOptions engine) => (s, hostId, token, now) => s.Snapshot(hostId, token, now, engine.HostGracePeriod);

    /// <summary>A new classroom's first events: the cap, the owner (if any) and the operator's default word filter unless declined.</summary>
    public static IReadOnlyList<SessionEvent> ClassroomSetUp(SessionService sessions, ClassroomOptions options, Guid? ownerAccountId, bool? defaultBlockedWords) =>
        Session.SetUpClassroom(sessions.Limits, ownerAccountId, defaultBlockedWords == false ? null : options.Words());

    /// <summary>The create (or reopen) answer: the session, the host's token and snapshot, and who the host is.</summary>
    public static CreatedSessionDto CreatedBody(JoinResult<SnapshotDto> created, HttpContext http, HuddleServerOptions server, Guid? ownerAccountId)
    {
        var snapshot = created.View;
        var code = snapshot.Session.Code;
        var host = snapshot.Participants.First(p => p.ParticipantId == created.ParticipantId);
        return new CreatedSessionDto(
            created.SessionId, code, snapshot.Session.Kind, snapshot.Session.Title, JoinUrl(http, server, code),
            created.ParticipantId, created.ParticipantToken, snapshot) { Host = new HostUserDto(created.ParticipantId, host.Name, ownerAccountId) };
    }

    private static async Task<Ok<SessionSummaryDto>> Get(
        string code, SessionService sessions, FailedAttemptLimiter failures, HttpContext http, IOptions<HuddleServerOptions> server, CancellationToken ct)
    {
        var summary = await LookUp(code, sessions, failures, http, s => new SessionSummaryDto(
            s.Id, s.Code, WireNames.Of(s.Kind), s.Title, WireNames.Of(s.Status), s.Host?.Name, s.PresentCount,
            s.CreatedAt, s.EndedAt, JoinUrl(http, server.Value, s.Code), s.HistoryDto()) { Movie = s.ResultsDto(), Questions = s.PublicQuestionsDto(), Polls = s.PublicPollsDto() }, ct);
        return TypedResults.Ok(summary);
    }

    private static async Task<NoContent> End(
        string code, SessionService sessions, FailedAttemptLimiter failures, HttpContext http, CancellationToken ct)
    {
        var token = http.Request.Headers[ParticipantTokenHeader].ToString();
        var id = await LookUp(code, sessions, failures, http, s => (object)s.Id, ct);
        await sessions.MutateAsync(
            (Guid)id,
            (s, now) => s.End(s.ActorByToken(token, $"Send the host's participant token in {ParticipantTokenHeader}.").Id, "ended_by_host", now),
            ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Qr(
        string code, string? format, SessionService sessions, FailedAttemptLimiter failures, HttpContext http,
        IOptions<HuddleServerOptions> server, CancellationToken ct)
    {
        format = (format ?? "svg").ToLowerInvariant();
        if (format is not ("svg" or "png")) throw Errors.InvalidInput("format must be svg or png.");
        var normalized = await LookUp(code, sessions, failures, http, s => s.Code, ct);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(JoinUrl(http, server.Value, normalized), QRCodeGenerator.ECCLevel.M);
        // A link that follows the request's Host differs per host: no shared cache may hand one host's image to another.
        var followsRequest = PublicLinks.FollowRequest(server.Value);
        http.Response.Headers.CacheControl = followsRequest ? "private, max-age=3600" : "public, max-age=3600";
        if (followsRequest) http.Response.Headers.Vary = "Host";
        return format == "svg"
            ? TypedResults.Text(new SvgQRCode(data).GetGraphic(8), "image/svg+xml")
            : TypedResults.File(new PngByteQRCode(data).GetGraphic(10), "image/png");
    }

    /// <summary>Finds a session by code; an unknown code counts against the caller's failed-lookup budget.</summary>
    public static async Task<T> LookUp<T>(
        string code, SessionService sessions, FailedAttemptLimiter failures, HttpContext http, Func<Session, T> view, CancellationToken ct)
        where T : class
    {
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        failures.EnsureAllowed(ip);
        // A kind that is not public by its code (a coaching room: its parties read it by the booking's id) shows nothing.
        var found = await sessions.ReadByCodeAsync(code, s => s.Kind.PublicByCode() ? new[] { view(s) } : [], ct);
        if (found is [var result]) return result;
        await failures.RecordFailureAsync(ip);
        throw Errors.SessionNotFound();
    }

    public static string JoinUrl(HttpContext http, HuddleServerOptions server, string code) => $"{PublicLinks.Root(http, server)}/join/{code}";
}
