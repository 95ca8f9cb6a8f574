using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Server.Observability;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huddle.Server.Admin;

/// <summary>Operator views (SPEC §4 <c>GET /api/admin/sessions</c>): behind the "admin" policy, because codes are secrets.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AdminAuth.Policy)
            .ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/sessions", Sessions).ProducesProblem(400);
        group.MapGet("/stats", Stats);
        return app;
    }

    public sealed record AdminSessionDto(
        Guid Id, string Code, string Kind, string Title, int ParticipantsPresent, int ParticipantsTotal, long Version, long CreatedAt, long LastActivityAt);

    public sealed record AdminSessionsDto(int Total, int Offset, int Limit, IReadOnlyList<AdminSessionDto> Sessions);

    public sealed record AdminStatsDto(
        long Time, string Node, IReadOnlyDictionary<string, long> SessionsByKind, long Sessions, long ParticipantsPresent, long Connections,
        long MessagesIn, long MessagesOut, long Commits);

    /// <summary>The active sessions this node holds, most recently active first.</summary>
    private static Ok<AdminSessionsDto> Sessions(SessionService sessions, int? limit, int? offset, string? kind)
    {
        var take = limit ?? 100;
        var skip = offset ?? 0;
        if (take is < 1 or > 1000) throw Errors.InvalidInput("limit must be 1 to 1000.");
        if (skip < 0) throw Errors.InvalidInput("offset must not be negative.");
        SessionKind? only = null;
        if (kind is not null)
        {
            if (!WireNames.TryParseKind(kind, out var k)) throw Errors.Invalid(ErrorCodes.InvalidKind, "Unknown kind.");
            only = k;
        }

        var all = sessions.ActiveSessions().Where(s => only is null || s.Kind == only).OrderByDescending(s => s.LastActivityAt).ToList();
        var page = all.Skip(skip).Take(take)
            .Select(s => new AdminSessionDto(s.Id, s.Code, WireNames.Of(s.Kind), s.Title, s.Present, s.Participants, s.Version, s.CreatedAt, s.LastActivityAt))
            .ToList();
        return TypedResults.Ok(new AdminSessionsDto(all.Count, skip, take, page));
    }

    /// <summary>Counters the admin page turns into live charts (rates are differences between two polls).</summary>
    private static Ok<AdminStatsDto> Stats(PrometheusExporter metrics, SessionService sessions, EngineOptions engine)
    {
        var byKind = metrics.ByTag("huddle.sessions.active", "kind").ToDictionary(p => p.Key, p => (long)p.Value);
        return TypedResults.Ok(new AdminStatsDto(
            sessions.UnixNow(),
            engine.NodeId,
            byKind,
            byKind.Values.Sum(),
            (long)metrics.Total("huddle.participants.present"),
            (long)metrics.Total("huddle.connections.open"),
            (long)metrics.Total("huddle.hub.invocations"),
            (long)metrics.Total("huddle.events.sent"),
            metrics.Count("huddle.mutation.commit.duration")));
    }
}
