using Huddle.Core.Application;

namespace Huddle.Server.Endpoints;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        // Liveness: the process answers. Readiness: it can also reach its database.
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithTags("Operations");
        app.MapGet("/readyz", async (ISessionStore store, CancellationToken ct) =>
                await store.PingAsync(ct)
                    ? Results.Ok(new { status = "ready", database = "ok" })
                    : Results.Json(new { status = "unavailable", database = "unreachable" }, statusCode: 503))
            .WithTags("Operations");
        return app;
    }
}
