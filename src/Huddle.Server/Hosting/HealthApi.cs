using Huddle.Core.Application;

namespace Huddle.Server.Hosting;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        // Liveness: the process answers. Readiness: it can reach its database and, with several
        // nodes, hear the others' commits (without that its clients would miss changes) — on
        // PostgreSQL's LISTEN; the Redis bus is reported beside it, see below.
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithTags("Operations");
        app.MapGet("/readyz", async (ISessionStore store, ICommitNotices notices, EngineOptions engine, CancellationToken ct) =>
            {
                var database = await store.PingAsync(ct);
                var ready = database && notices.Listening;
                var status = ready ? "ready" : "unavailable";
                var node = engine.NodeId;
                var db = database ? "ok" : "unreachable";
                var listening = notices.Listening ? "listening" : "disconnected";
                // The Redis bus down does not make a node unready: it serves its own sessions and
                // catches up when Redis returns, so it only says so (`bus`: ok or degraded).
                object body = notices.Bus is { } bus
                    ? new { status, node, database = db, notices = listening, bus }
                    : new { status, node, database = db, notices = listening };
                return Results.Json(body, statusCode: ready ? 200 : 503);
            })
            .Produces(200, (Type?)null, "application/json").Produces(503, (Type?)null, "application/json")
            .WithTags("Operations");
        return app;
    }
}
