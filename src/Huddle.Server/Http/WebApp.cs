using Microsoft.AspNetCore.StaticFiles;

namespace Huddle.Server.Http;

public static class WebApp
{
    /// <summary>
    /// Compression for the web app's files: Huddle is often served straight from Kestrel, and the
    /// app's script is about 400 KB, 120 KB compressed, which a phone on a slow network feels. Only
    /// static files are compressed (see <see cref="UseWebAppFiles"/>), never /api or /hubs answers,
    /// which carry per-caller secrets (BREACH).
    /// </summary>
    public static IServiceCollection AddWebAppFiles(this IServiceCollection services) =>
        services.AddResponseCompression(o => o.EnableForHttps = true);

    /// <summary>
    /// The built web app's files. Vite names everything under /assets by its content hash, so a
    /// browser may keep those for a year; everything else (index.html, sw.js, the manifest, icons)
    /// keeps a stable name and is revalidated on each use, so a new build reaches the browser (and
    /// its service worker) on the next load instead of after a heuristic cache lifetime.
    /// </summary>
    public static WebApplication UseWebAppFiles(this WebApplication app)
    {
        app.UseWhen(http => !HttpEdges.IsServerPath(http.Request.Path), files => files.UseResponseCompression());
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = SetCacheControl });
        return app;
    }

    private static void SetCacheControl(StaticFileResponseContext file) =>
        file.Context.Response.Headers.CacheControl = file.Context.Request.Path.StartsWithSegments("/assets")
            ? "public, max-age=31536000, immutable"
            : "no-cache";

    /// <summary>
    /// Serves the single-page app's index.html for client routes such as /join/{code}; before the
    /// web app is built, a plain page that points to the API docs.
    /// </summary>
    public static IEndpointRouteBuilder MapWebApp(this WebApplication app)
    {
        var index = app.Environment.WebRootFileProvider.GetFileInfo("index.html");
        if (index.Exists)
        {
            app.MapFallbackToFile($"{{*path:nonfile:{ClientRoute.Name}}}", "index.html", new StaticFileOptions { OnPrepareResponse = SetCacheControl });
        }
        else
        {
            app.MapGet("/", () => TypedResults.Content(Placeholder, "text/html; charset=utf-8")).ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>
    /// The app's own routes (/join/ABC234, /coaching/…), never /api or /hubs: there a GET to a
    /// POST-only route is routing's 405 and an unknown path a coded 404, not index.html.
    /// </summary>
    public sealed class ClientRoute : IRouteConstraint
    {
        public const string Name = "clientroute";

        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            values.TryGetValue(routeKey, out var value) && value?.ToString() is var path
            && !IsServerPath(path, "api") && !IsServerPath(path, "hubs");

        private static bool IsServerPath(string? path, string segment) =>
            path is not null && path.StartsWith(segment, StringComparison.OrdinalIgnoreCase)
            && (path.Length == segment.Length || path[segment.Length] == '/');
    }

    private const string Placeholder = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Huddle</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"></head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
        <h1>Huddle</h1>
        <p>The server is running. The web app is not built in this copy.</p>
        <p><a href="/docs">Browse the API</a> · <a href="/openapi/v1.json">OpenAPI document</a> · <a href="/healthz">Health</a></p>
        </body></html>
        """;
}
