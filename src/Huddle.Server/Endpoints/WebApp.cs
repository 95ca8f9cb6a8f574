namespace Huddle.Server.Endpoints;

public static class WebApp
{
    /// <summary>
    /// Serves the single-page app's index.html for client routes such as /join/{code}; before the
    /// web app is built, a plain page that points to the API docs.
    /// </summary>
    public static IEndpointRouteBuilder MapWebApp(this WebApplication app)
    {
        var index = app.Environment.WebRootFileProvider.GetFileInfo("index.html");
        if (index.Exists)
        {
            app.MapFallbackToFile("index.html");
        }
        else
        {
            app.MapGet("/", () => TypedResults.Content(Placeholder, "text/html; charset=utf-8")).ExcludeFromDescription();
        }

        return app;
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
