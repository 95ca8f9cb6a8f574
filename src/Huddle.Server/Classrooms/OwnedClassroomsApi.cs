using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Coaching;
using Huddle.Core.Sessions;
using Huddle.Server.Contracts;
using Huddle.Server.Http;
using Huddle.Server.Limits;
using Huddle.Server.Options;
using Huddle.Server.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Classrooms;

/// <summary>
/// Teachers who own their rooms (issue 20): a signed-in account creates classrooms that count against
/// the account (not a typed name), lists them ("My rooms") and reopens one as its host. Every route needs
/// an account's bearer token; a room is reopened only by the account that created it.
/// </summary>
public static class OwnedClassroomsApi
{
    /// <summary>How many rooms "My rooms" lists (newest first); with the cap of 3 active, the rest are ended ones within retention.</summary>
    public const int ListLimit = 50;

    public static IEndpointRouteBuilder MapOwnedClassrooms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/classrooms").WithTags("Classroom").RequireAuthorization(AccountClaims.SignedInPolicy);
        group.MapPost("/", Create).RequireRateLimiting(RateLimiting.CreatePolicy)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(409).ProducesProblem(429);
        group.MapGet("/mine", Mine).ProducesProblem(401);
        group.MapPost($"/{SessionsApi.CodeRoute}/reopen", Reopen)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(410).ProducesProblem(429);
        return app;
    }

    /// <summary>A classroom owned by the caller's account; the host's name defaults to the account's name.</summary>
    private static async Task<Created<CreatedSessionDto>> Create(
        CreateClassroomRequest request, SessionService sessions, IAccountStore accounts, HttpContext http,
        IOptions<HuddleServerOptions> server, IOptions<ClassroomOptions> classroom, EngineOptions engine, CancellationToken ct)
    {
        var accountId = AccountClaims.AccountIdOf(http.User);
        var hostName = request.HostName;
        if (string.IsNullOrWhiteSpace(hostName))
            hostName = (await accounts.FindAsync(accountId, ct) ?? throw Errors.NotAllowed("This account no longer exists.")).Name;
        var created = await sessions.CreateAsync(
            SessionKind.Classroom, hostName, request.Title, request.Settings,
            _ => SessionsApi.ClassroomSetUp(sessions, classroom.Value, accountId, request.DefaultBlockedWords), SessionsApi.View(engine), ct);
        var body = SessionsApi.CreatedBody(created, http, server.Value, accountId);
        return TypedResults.Created($"/api/sessions/{body.Code}", body);
    }

    private static async Task<Ok<List<OwnedClassroomDto>>> Mine(
        IClassroomStore store, HttpContext http, IOptions<HuddleServerOptions> server, CancellationToken ct)
    {
        var rows = await store.ListOwnedAsync(AccountClaims.AccountIdOf(http.User), ListLimit, ct);
        return TypedResults.Ok(rows.Select(r => new OwnedClassroomDto(
            r.SessionId, r.Code, r.Title, r.Status, r.CreatedAt, r.EndedAt, r.Questions, SessionsApi.JoinUrl(http, server.Value, r.Code))).ToList());
    }

    /// <summary>
    /// Rejoin as host: the owner's participant gets a fresh token (the one it had stops working), the host
    /// role back if someone else holds it, and any kick lifted. The token is answered once, to this request.
    /// Another account: 403 <c>not_room_owner</c>; an ended room: 410 <c>session_ended</c>.
    /// </summary>
    private static async Task<Ok<CreatedSessionDto>> Reopen(
        string code, SessionService sessions, FailedAttemptLimiter failures, HttpContext http,
        IOptions<HuddleServerOptions> server, EngineOptions engine, CancellationToken ct)
    {
        var accountId = AccountClaims.AccountIdOf(http.User);
        var id = (Guid)await SessionsApi.LookUp(code, sessions, failures, http, s => (object)s.Id, ct);
        var token = Secrets.NewToken();
        var participantId = "";
        var view = SessionsApi.View(engine);
        var snapshot = await sessions.MutateAsync(
            id,
            (s, now) => s.ReopenAsOwner(accountId, Secrets.HashToken(token), now, out participantId),
            s => view(s, participantId, token, sessions.UnixNow()),
            ct);
        return TypedResults.Ok(SessionsApi.CreatedBody(new JoinResult<SnapshotDto>(id, participantId, token, snapshot), http, server.Value, accountId));
    }
}
