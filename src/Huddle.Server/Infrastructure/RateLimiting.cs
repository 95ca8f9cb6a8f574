using System.Globalization;
using System.Threading.RateLimiting;
using Huddle.Server.Options;
using Microsoft.AspNetCore.RateLimiting;

namespace Huddle.Server.Infrastructure;

/// <summary>
/// SPEC §6 limits with ASP.NET Core's limiter: session creation and all other API calls per IP.
/// Static files and the hub's own traffic are not limited here (the hub has per-connection buckets).
/// </summary>
public static class RateLimiting
{
    public const string CreatePolicy = "create";

    public static IServiceCollection AddHuddleRateLimiting(this IServiceCollection services, RateLimitOptions o)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                !o.Enabled || !http.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetFixedWindowLimiter("api:" + ClientIp(http), _ => PerMinute(o.ApiRequestsPerMinute)));
            limiter.AddPolicy(CreatePolicy, http =>
                !o.Enabled
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetFixedWindowLimiter("create:" + ClientIp(http), _ => PerMinute(o.SessionCreatesPerMinute)));
            limiter.OnRejected = async (context, ct) =>
            {
                context.HttpContext.RequestServices.GetService<HuddleMetrics>()?.RateLimited(
                    context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "api");
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
        var problem = Problems.Create(429, "rate_limited", $"Too many requests; try again in {retryAfterSeconds} s.");
        await http.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", ct);
    }

    public static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
