using Huddle.Core.Application;

namespace Huddle.Server.Hosting;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        // Liveness: the process answers. Readiness: it can reach its database and, with several
        // nodes, hear the others' commits (without that its clients would miss changes).
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithTags("Operations");
        app.MapGet("/readyz", async (ISessionStore store, ICommitNotices notices, EngineOptions engine, CancellationToken ct) =>
            {
                var database = await store.PingAsync(ct);
                var body = new
                {
                    status = database && notices.Listening ? "ready" : "unavailable",
                    node = engine.NodeId,
                    database = database ? "ok" : "unreachable",
                    notices = notices.Listening ? "listening" : "disconnected",
                };
                return Results.Json(body, statusCode: database && notices.Listening ? 200 : 503);
            })
            .Produces(200, (Type?)null, "application/json").Produces(503, (Type?)null, "application/json")
            .WithTags("Operations");
        return app;
    }
}
