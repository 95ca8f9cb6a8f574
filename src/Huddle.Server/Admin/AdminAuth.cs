using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Huddle.Core;
using Huddle.Server.Http;
using Huddle.Server.Limits;
using Huddle.Server.Observability;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Admin;

/// <summary>Section <c>Admin</c>: the operator's key for the admin API and page (until accounts exist, the only admin credential).</summary>
public sealed class AdminKeyOptions : AuthenticationSchemeOptions
{
    /// <summary>The admin key (at least 16 characters). Unset: the admin API answers 401 <c>admin_disabled</c>.</summary>
    public string? Key { get; set; }
}

/// <summary>
/// Admin credentials: the "admin" authorization policy requires role <c>admin</c>. The "AdminKey"
/// scheme issues that role to a request carrying the configured key in <c>X-Admin-Key</c> or
/// <c>Authorization: Bearer</c>, compared in constant time; other schemes (coaching accounts'
/// JWTs) can grant the same role under the same policy.
/// </summary>
public static class AdminAuth
{
    public const string Scheme = "AdminKey";
    public const string Policy = "admin";
    public const string Role = "admin";
    public const string Header = "X-Admin-Key";

    public static IServiceCollection AddHuddleAdminAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var key = configuration["Admin:Key"];
        if (!string.IsNullOrEmpty(key) && key.Length < 16)
            throw new OptionsValidationException("Admin:Key", typeof(AdminKeyOptions), ["Admin:Key must be at least 16 characters."]);
        services.AddAuthentication()
            .AddScheme<AdminKeyOptions, AdminKeyHandler>(Scheme, o => o.Key = key);
        services.AddAuthorizationBuilder()
            // The operator's key, or a coaching account with the admin role (its JWT).
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme, JwtBearerDefaults.AuthenticationScheme).RequireRole(Role));
        return services;
    }
}

public sealed partial class AdminKeyHandler(
    IOptionsMonitor<AdminKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder, FailedAttemptLimiter failures)
    : AuthenticationHandler<AdminKeyOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented();
        if (presented is null) return AuthenticateResult.NoResult();
        if (string.IsNullOrEmpty(Options.Key)) return AuthenticateResult.Fail("No admin key is configured.");

        var ip = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        try
        {
            failures.EnsureAllowed(ip); // a guessed key counts like a guessed code
        }
        catch (RateLimitedException limited)
        {
            // Authentication runs outside the exception handler: answer from the challenge instead.
            Context.Items[LimitedKey] = limited;
            return AuthenticateResult.Fail("Too many wrong admin keys.");
        }
        if (!Matches(presented, Options.Key))
        {
            await failures.RecordFailureAsync(ip);
            LogRejected(ip);
            return AuthenticateResult.Fail("Wrong admin key.");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin-key"), new Claim(ClaimTypes.Role, AdminAuth.Role)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private const string LimitedKey = "huddle.adminLimited";

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (PresentsJwt()) return; // an account's token: the JWT scheme answers
        if (Context.Items.TryGetValue(LimitedKey, out var value) && value is RateLimitedException limited)
        {
            Context.RequestServices.GetService<HuddleMetrics>()?.RateLimited("failed_lookups");
            Response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteAsync(429, Problems.Create(429, ErrorCodes.RateLimited, limited.Message));
            return;
        }

        // Nothing presented and no key configured: admin accounts are the only way in, so the JWT scheme answers.
        if (string.IsNullOrEmpty(Options.Key) && Presented() is null) return;
        var problem = string.IsNullOrEmpty(Options.Key)
            ? Problems.Create(401, ErrorCodes.AdminDisabled, "The admin key is disabled: set Admin:Key (env Admin__Key) to enable it, or sign in with an admin account.")
            : Presented() is null
                ? Problems.Create(401, ErrorCodes.Unauthorized, $"Send the admin key in {AdminAuth.Header}, or an admin account's token, as Authorization: Bearer.")
                : Problems.Create(401, ErrorCodes.InvalidAdminKey, "The admin key is wrong.");
        await WriteAsync(401, problem);
    }

    // A key that matched always carries the admin role, so a refusal is about an account's token: the JWT scheme answers.
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        PresentsJwt() ? Task.CompletedTask : WriteAsync(403, Problems.Create(403, ErrorCodes.Forbidden, "This needs the admin role."));

    private async Task WriteAsync(int status, Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        Response.StatusCode = status;
        if (status == 401) Response.Headers.WWWAuthenticate = "Bearer realm=\"huddle-admin\"";
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem });
    }

    private string? Presented()
    {
        var header = Request.Headers[AdminAuth.Header].ToString();
        if (!string.IsNullOrEmpty(header)) return header;
        var authorization = Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && !PresentsJwt() ? authorization[7..].Trim() : null;
    }

    /// <summary>A bearer token shaped like a JWT (header.payload.signature) is a coaching account's, not a key.</summary>
    private bool PresentsJwt()
    {
        var authorization = Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.AsSpan(7).Count('.') == 2;
    }

    /// <summary>Compares hashes, so neither the key's content nor its length leaks through timing.</summary>
    private static bool Matches(string presented, string key) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private void LogRejected(string ip) => LogWrongKey(Logger, ip);

    [LoggerMessage(EventId = Log.AdminKeyRejected, Level = LogLevel.Warning, Message = "Wrong admin key from {Ip}")]
    private static partial void LogWrongKey(ILogger logger, string ip);
}
