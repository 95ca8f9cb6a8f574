using System.Net;
using Huddle.Core;
using Huddle.Server.Options;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Http;

/// <summary>Section <c>Huddle:Http</c>: limits and policies at the HTTP edge.</summary>
/// <summary>
/// A place outside this server whose images the web app shows (e.g. TMDB posters): the feature that
/// links them registers one, and the content security policy allows its origin for images.
/// </summary>
public interface IImageOrigin
{
    /// <summary>scheme://host[:port], or null while the feature is off.</summary>
    string? Origin { get; }
}

public sealed class HttpEdgeOptions
{
    /// <summary>Largest request body Kestrel reads (REST bodies are small; the hub has its own 32 KB message limit).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Origins (scheme://host[:port]) allowed to call the API and the hub from a browser; empty = same origin only.</summary>
    public string[] CorsAllowedOrigins { get; set; } = [];

    /// <summary>Proxies whose X-Forwarded-For/-Proto are believed. Empty (with no networks) = loopback only.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/8) whose forwarded headers are believed.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in front of Huddle append to X-Forwarded-For.</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>Send Strict-Transport-Security on HTTPS requests (as seen after forwarded headers).</summary>
    public bool Hsts { get; set; } = true;

    public IEnumerable<string> Validate()
    {
        if (MaxRequestBodyBytes < 1024 || MaxRequestBodyBytes > 100 * 1024 * 1024) yield return "MaxRequestBodyBytes must be 1 KB to 100 MB.";
        foreach (var origin in CorsAllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || origin.EndsWith('/'))
                yield return $"CorsAllowedOrigins: '{origin}' must be an origin such as https://app.example.org (no path, no trailing slash).";
        }

        foreach (var proxy in KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _)) yield return $"KnownProxies: '{proxy}' is not an IP address.";
        }

        foreach (var network in KnownNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _)) yield return $"KnownNetworks: '{network}' is not a CIDR network (e.g. 10.0.0.0/8).";
        }

        if (ForwardLimit is < 1 or > 10) yield return "ForwardLimit must be 1 to 10.";
    }
}

/// <summary>
/// The HTTP edge: request body limit, forwarded headers (so per-IP rate limits see the client, not
/// the proxy), security headers with a Content-Security-Policy the web app passes, a CORS
/// allow-list for the API and the hub, and no caching of API answers.
/// </summary>
public static class HttpEdges
{
    public const string CorsPolicy = "huddle-cors";

    /// <summary>The web app's policy: everything from this origin only, no inline script or style elements.</summary>
    public const string AppPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:{0}; media-src 'self' blob:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The API explorer (<c>/docs</c>, Scalar) injects inline styles and its inline configuration script.</summary>
    public const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddHuddleEdges(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<HttpEdgeOptions>("Huddle:Http", o => o.Validate());

        // Each framework option is built from the validated Huddle:Http when first read.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpEdgeOptions>>((o, edge) => o.Limits.MaxRequestBodySize = edge.Value.MaxRequestBodyBytes);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpEdgeOptions>>((o, options) =>
        {
            var edge = options.Value;
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = edge.ForwardLimit;
            if (edge.KnownProxies.Length + edge.KnownNetworks.Length == 0) return; // framework default: loopback
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in edge.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var ip)) o.KnownProxies.Add(ip);
            }

            foreach (var network in edge.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var net)) o.KnownIPNetworks.Add(net);
            }
        });
        services.AddSingleton<RouteMethods>();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<HttpEdgeOptions>>((o, options) => o.AddPolicy(CorsPolicy, p =>
        {
            var edge = options.Value;
            if (edge.CorsAllowedOrigins.Length == 0) return; // no CORS headers at all: same origin only
            p.WithOrigins(edge.CorsAllowedOrigins).AllowAnyHeader().AllowAnyMethod().AllowCredentials()
                .WithExposedHeaders("Retry-After", "Location");
        }));
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseHuddleEdges(this WebApplication app)
    {
        app.UseForwardedHeaders();
        var edge = app.Services.GetRequiredService<IOptions<HttpEdgeOptions>>().Value;
        var imageOrigin = string.Concat(app.Services.GetServices<IImageOrigin>().Select(i => i.Origin).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).Select(origin => " " + origin));
        var appPolicy = AppPolicy.Replace("{0}", imageOrigin, StringComparison.Ordinal);
        // At the first request, not while building: the admin command builds the app without serving,
        // and HuddleServerOptions' Production check (PublicLinksValidator) is the server's, made at start.
        var allowed = new Lazy<HashSet<string>>(() =>
        {
            var origins = new HashSet<string>(edge.CorsAllowedOrigins, StringComparer.OrdinalIgnoreCase);
            var publicBase = app.Services.GetRequiredService<IOptions<HuddleServerOptions>>().Value.PublicBaseUrl;
            if (Uri.TryCreate(publicBase, UriKind.Absolute, out var baseUri)) origins.Add(baseUri.GetLeftPart(UriPartial.Authority));
            return origins;
        });

        app.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/docs") ? DocsPolicy : appPolicy;
            if (edge.Hsts && http.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";

            // Browsers do not apply CORS to WebSockets: the hub checks the Origin itself.
            if (http.Request.Path.StartsWithSegments("/hubs") && !OriginAllowed(http, allowed.Value))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = Problems.Create(403, ErrorCodes.OriginNotAllowed, "This origin may not connect; add it to Huddle:Http:CorsAllowedOrigins."),
                });
                return;
            }

            if (http.GetEndpoint() is null && IsServerPath(http.Request.Path)
                && http.RequestServices.GetRequiredService<RouteMethods>().AllowedAt(http) is { Count: > 0 } methods)
            {
                http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                http.Response.Headers.Allow = string.Join(", ", methods);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = Problems.Create(405, ErrorCodes.MethodNotAllowed, $"This route accepts {string.Join(", ", methods)}."),
                });
                return;
            }

            // API answers are per caller and many carry a secret (participant token, JWT, connection token):
            // no cache keeps them unless the endpoint chose a policy (the QR image).
            if (IsServerPath(http.Request.Path))
            {
                http.Response.OnStarting(static state =>
                {
                    var headers = ((HttpResponse)state).Headers;
                    if (string.IsNullOrEmpty(headers.CacheControl)) headers.CacheControl = "no-store";
                    return Task.CompletedTask;
                }, http.Response);
            }

            await next(http);
        });
        app.UseCors(CorsPolicy);

        // Explicit, so authentication sees the forwarded client address (the implicit ones run first of all).
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    internal static bool IsServerPath(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs");

    private static bool OriginAllowed(HttpContext http, HashSet<string> allowed)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin)) return true; // not a browser, or a same-origin GET
        if (allowed.Contains(origin)) return true;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && SameOrigin(uri, http.Request);
    }

    /// <summary>
    /// Scheme, host and port of the page against the request as the client made it: the scheme after
    /// X-Forwarded-Proto from a trusted proxy, the host and port from the Host header (which the
    /// proxy must pass on unchanged: nginx's <c>$http_host</c>, not <c>$host</c>, which drops the port).
    /// An absent port is the scheme's default on both sides.
    /// </summary>
    public static bool SameOrigin(Uri origin, HttpRequest request)
    {
        var host = request.Host;
        if (!host.HasValue || !string.Equals(origin.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var port = host.Port ?? (string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        return origin.Port == port && string.Equals(origin.Host, host.Host, StringComparison.OrdinalIgnoreCase);
    }
}
