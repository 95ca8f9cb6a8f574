using Huddle.Server.Observability;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Admin;

public static class MetricsApi
{
    /// <summary><c>GET /metrics</c>, open or behind the "admin" policy as configured.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        var exporter = app.Services.GetRequiredService<PrometheusExporter>(); // listen from the start
        if (!options.Enabled) return app;
        var endpoint = app.MapGet("/metrics", () => TypedResults.Text(exporter.Scrape(), PrometheusExporter.ContentType))
            .WithTags("Operations").ExcludeFromDescription();
        if (options.RequireAdmin) endpoint.RequireAuthorization(AdminAuth.Policy);
        return app;
    }
}
