using Scalar.AspNetCore;

namespace Huddle.Server.Http;

/// <summary>
/// The API explorer at <c>/docs</c>: Scalar's reference over <c>/openapi/v1.json</c>, served from
/// the package (no CDN, no web fonts, no telemetry: the docs page works on a server without internet
/// and its CSP stays <c>'self'</c>). It replaced Swagger UI, whose theme failed WCAG contrast
/// throughout. "Authorize" offers the document's Bearer scheme first (ApiDescription declares it on
/// every route that needs sign-in), so a coaching token pasted once is sent with each tried request.
/// </summary>
public static class ApiExplorer
{
    public const string Path = "/docs";

    public static IEndpointRouteBuilder MapApiExplorer(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference(Path, o => o
            .WithTitle("Huddle API")
            .WithTheme(ScalarTheme.Default)
            .AddPreferredSecuritySchemes([ApiDescription.BearerScheme])
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .WithCustomCss(ContrastCss)
            .AddHeadContent(LangScript)
            .HideDeveloperTools());
        // Swagger UI's address, which older links and bookmarks still use.
        app.MapGet($"{Path}/index.html", () => TypedResults.Redirect(Path, permanent: true)).ExcludeFromDescription();
        return app;
    }

    // Scalar's default green and red (POST, DELETE, JSON literals) and its faintest text (the search
    // placeholder, the client tabs) are below WCAG AA's 4.5:1 in both modes: the same hues, a little
    // darker (light) or lighter (dark).
    private const string ContrastCss = """
        .light-mode { --scalar-color-green: #00744a; --scalar-color-red: #c40000; --scalar-color-3: #696969; }
        .dark-mode { --scalar-color-3: rgba(255, 255, 255, 0.52); }
        """;

    // Scalar's page has no lang attribute, which screen readers need to pick a voice (axe html-has-lang).
    private const string LangScript = "<script>document.documentElement.lang = 'en';</script>";
}
