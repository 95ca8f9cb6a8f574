using Huddle.Server.Options;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Http;

/// <summary>
/// The links the server writes (join URLs, QR codes, calendar files) and where their host comes
/// from: <c>Huddle:PublicBaseUrl</c> when set; otherwise the request, which is only trusted when
/// host filtering (<c>AllowedHosts</c>) rejects names that are not this server's.
/// </summary>
public static class PublicLinks
{
    /// <summary>Scheme, host and path base of links, without a trailing slash.</summary>
    public static string Root(HttpContext http, HuddleServerOptions server) => string.IsNullOrWhiteSpace(server.PublicBaseUrl)
        ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}"
        : server.PublicBaseUrl.TrimEnd('/');

    /// <summary>True when the links depend on the request's Host header (a cache must not share them across hosts).</summary>
    public static bool FollowRequest(HuddleServerOptions server) => string.IsNullOrWhiteSpace(server.PublicBaseUrl);

    /// <summary>True when <c>AllowedHosts</c> names hosts (no wildcard), so a forged Host header is refused before any link is built.</summary>
    public static bool HostsFiltered(IConfiguration configuration)
    {
        var hosts = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return hosts.Length > 0 && !hosts.Any(h => h.Contains('*', StringComparison.Ordinal));
    }
}

/// <summary>
/// In Production a link must never follow a Host header an attacker chose (a QR code or an
/// invitation pointing to their site): the server refuses to start unless
/// <c>Huddle:PublicBaseUrl</c> is set or <c>AllowedHosts</c> lists this server's names.
/// </summary>
public sealed class PublicLinksValidator(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<HuddleServerOptions>
{
    public ValidateOptionsResult Validate(string? name, HuddleServerOptions options) =>
        !environment.IsProduction() || !PublicLinks.FollowRequest(options) || PublicLinks.HostsFiltered(configuration)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "Huddle: PublicBaseUrl is required in Production (e.g. Huddle__PublicBaseUrl=https://huddle.example.org), " +
                "or list this server's host names in AllowedHosts (no '*'): join links and QR codes must not follow the request's Host header.");
}
