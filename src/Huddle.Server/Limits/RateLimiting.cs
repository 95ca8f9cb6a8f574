using System.Globalization;
using System.Threading.RateLimiting;
using Huddle.Core;
using Huddle.Server.Http;
using Huddle.Server.Observability;
using Huddle.Server.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Limits;

/// <summary>
/// SPEC §6 limits with ASP.NET Core's limiter: session creation and all other API calls per IP,
/// counted across nodes (<see cref="SharedWindowLimiter"/>).
/// Static files and the hub's own traffic are not limited here (the hub has per-connection buckets).
/// </summary>
public static class RateLimiting
{
    public const string CreatePolicy = "create";

    /// <summary>
    /// Set when the create policy is consulted, which ASP.NET Core does only after the global limiter
    /// granted the request: a rejection with it set came from the create limit, else from the global one.
    /// </summary>
    private const string CreateConsultedKey = "huddle.createLimiter";

    public static IServiceCollection AddHuddleRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        // Built from the validated Huddle:RateLimits when the limiter is first needed.
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, options) =>
        {
            var o = options.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                !o.Enabled || !http.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : PerMinute(http, "api:" + ClientIp(http), o.ApiRequestsPerMinute));
            limiter.AddPolicy(CreatePolicy, http =>
            {
                http.Items[CreateConsultedKey] = true;
                return !o.Enabled
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : PerMinute(http, "create:" + ClientIp(http), o.SessionCreatesPerMinute);
            });
            limiter.OnRejected = async (context, ct) =>
            {
                context.HttpContext.RequestServices.GetService<HuddleMetrics>()?.RateLimited(
                    context.HttpContext.Items.ContainsKey(CreateConsultedKey) ? CreatePolicy : "api");
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                await WriteRateLimitedAsync(context.HttpContext, retryAfter, ct);
            };
        });
        return services;
    }

    public static async Task WriteRateLimitedAsync(HttpContext http, int retryAfterSeconds, CancellationToken ct)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        // Through the problem details service, so huddle.http.errors counts it like every other error.
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = Problems.Create(429, ErrorCodes.RateLimited, $"Too many requests; try again in {retryAfterSeconds} s."),
        });
    }

    public static string ClientIp(HttpContext? http) => http?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>A per-minute window whose permits count across every node (<see cref="SharedLimits"/>).</summary>
    public static RateLimitPartition<string> PerMinute(HttpContext http, string key, int permits) =>
        RateLimitPartition.Get(key, k => new SharedWindowLimiter(
            http.RequestServices.GetRequiredService<SharedLimits>(), k, permits, TimeSpan.FromMinutes(1), http.RequestServices.GetRequiredService<TimeProvider>()));
}
