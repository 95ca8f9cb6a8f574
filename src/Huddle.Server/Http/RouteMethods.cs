using Microsoft.AspNetCore.Routing.Template;

namespace Huddle.Server.Http;

/// <summary>
/// The methods the mapped routes accept at a path, with their constraints applied. Routing answers
/// 405 itself only when no route of any method could match the path's shape; a GET to a POST-only
/// route such as <c>/api/sessions/book</c> also fits <c>GET /api/sessions/{code}</c> until the code
/// constraint refuses it, and then routing finds nothing. The edge asks here to answer 405 instead of 404.
/// </summary>
public sealed class RouteMethods(EndpointDataSource endpoints, ParameterPolicyFactory policies)
{
    private readonly Lazy<IReadOnlyList<Route>> _routes = new(() => Build(endpoints, policies));

    public IReadOnlyList<string> AllowedAt(HttpContext http)
    {
        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var route in _routes.Value)
        {
            var values = new RouteValueDictionary();
            if (!route.Matcher.TryMatch(http.Request.Path, values)) continue;
            if (route.Constraints.All(c => c.Constraint.Match(http, null, c.Parameter, values, RouteDirection.IncomingRequest)))
                allowed.UnionWith(route.Methods);
        }

        return [.. allowed];
    }

    private static List<Route> Build(EndpointDataSource endpoints, ParameterPolicyFactory policies) =>
    [
        .. endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 })
            .Select(e => new Route(
                new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary(e.RoutePattern.Defaults)),
                [
                    .. e.RoutePattern.ParameterPolicies.SelectMany(p => p.Value
                        .Select(reference => policies.Create(e.RoutePattern.GetParameter(p.Key), reference))
                        .OfType<IRouteConstraint>()
                        .Select(constraint => (p.Key, constraint))),
                ],
                e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)),
    ];

    private sealed record Route(TemplateMatcher Matcher, IReadOnlyList<(string Parameter, IRouteConstraint Constraint)> Constraints, IReadOnlyList<string> Methods);
}
