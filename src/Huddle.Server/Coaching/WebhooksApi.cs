using System.Security.Cryptography;
using Huddle.Core;
using Huddle.Core.Coaching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

public sealed record WebhookRequest(string? Url, List<string?>? Events);

/// <summary>A hook as its owner and the admins see it: never its secret (shown once, in <see cref="CreatedWebhookDto"/>).</summary>
public sealed record WebhookDto(Guid Id, Guid? OwnerId, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt);

public sealed record CreatedWebhookDto(WebhookDto Webhook, string Secret);

public sealed record WebhookDeliveryDto(
    long Id, string EventId, string Event, Guid SessionId, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt,
    DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, string? ResponseExcerpt, DateTimeOffset? DeliveredAt);

/// <summary>
/// Webhooks, through two doors with the same handlers: a coach's own (<c>/api/coaches/me/webhooks</c>, for their
/// sessions) and the admins' (<c>/api/admin/webhooks</c>: hooks for every coach's sessions, and every coach's hooks
/// to inspect, replay or remove). Another owner's hook is <c>webhook_not_found</c>, as if it did not exist.
/// </summary>
public static class WebhooksApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private const int SecretBytes = 32;

    /// <summary>Whose hooks a request may touch: the coach's own, or (admins) all; new hooks get <see cref="Owner"/>.</summary>
    private sealed record Scope(Guid? Owner, bool All);

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        Map(app.MapGroup("/api/coaches/me/webhooks").RequireAuthorization(CoachingPolicies.Coach), http => new Scope(AccountService.AccountId(http.User), All: false));
        Map(app.MapGroup("/api/admin/webhooks").RequireAuthorization(CoachingPolicies.Admin), _ => new Scope(null, All: true));
        return app;
    }

    private static void Map(RouteGroupBuilder group, Func<HttpContext, Scope> scope)
    {
        group.WithTags("Coaching").ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/", (HttpContext http, IWebhookStore store, CancellationToken ct) => List(scope(http), store, ct));
        group.MapPost("/", (WebhookRequest? request, HttpContext http, IWebhookStore store, IOptions<WebhookOptions> options, TimeProvider time, CancellationToken ct) =>
            Create(request, scope(http), http, store, options.Value, time, ct)).ProducesProblem(400).ProducesProblem(409);
        group.MapDelete("/{id:guid}", (Guid id, HttpContext http, IWebhookStore store, CancellationToken ct) => Delete(id, scope(http), store, ct))
            .ProducesProblem(404);
        group.MapGet("/{id:guid}/deliveries", (Guid id, int? limit, HttpContext http, IWebhookStore store, CancellationToken ct) =>
            Deliveries(id, limit, scope(http), store, ct)).ProducesProblem(400).ProducesProblem(404);
        group.MapPost("/{id:guid}/deliveries/{deliveryId:long}/replay", (Guid id, long deliveryId, HttpContext http, IWebhookStore store, TimeProvider time, CancellationToken ct) =>
            Replay(id, deliveryId, scope(http), store, time, ct)).ProducesProblem(404);
    }

    private static async Task<Ok<List<WebhookDto>>> List(Scope scope, IWebhookStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(scope.All ? null : scope.Owner, ct)).Select(ToDto).ToList());

    private static async Task<Created<CreatedWebhookDto>> Create(
        WebhookRequest? request, Scope scope, HttpContext http, IWebhookStore store, WebhookOptions options, TimeProvider time, CancellationToken ct)
    {
        if (request is null) throw Errors.InvalidInput("Send {url, events}.");
        var url = WebhookTargets.Parse(request.Url, options.AllowPrivateTargets);
        var events = request.Events ?? [];
        if (events.Count == 0 || events.Count > WebhookEvents.All.Count || events.Any(e => e is null || !WebhookEvents.All.Contains(e)) || events.Distinct().Count() != events.Count)
            throw Errors.Invalid(ErrorCodes.InvalidWebhookEvents, $"events must be one or more of: {string.Join(", ", WebhookEvents.All)}, each once.");

        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var hook = new Webhook(Guid.NewGuid(), scope.Owner, url.AbsoluteUri, [.. WebhookEvents.All.Where(events.Contains)], secret, time.GetUtcNow());
        if (!await store.AddAsync(hook, options.MaxPerOwner, ct))
            throw Errors.Conflict(ErrorCodes.TooManyWebhooks, $"At most {options.MaxPerOwner} webhooks each: delete one first.");
        return TypedResults.Created($"{http.Request.PathBase}{http.Request.Path.Value?.TrimEnd('/')}/{hook.Id}", new CreatedWebhookDto(ToDto(hook), secret));
    }

    private static async Task<NoContent> Delete(Guid id, Scope scope, IWebhookStore store, CancellationToken ct)
    {
        await FindAsync(id, scope, store, ct);
        if (!await store.DeleteAsync(id, ct)) throw NotFound();
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<WebhookDeliveryDto>>> Deliveries(Guid id, int? limit, Scope scope, IWebhookStore store, CancellationToken ct)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) throw Errors.InvalidInput($"limit must be 1 to {MaxLimit}.");
        await FindAsync(id, scope, store, ct);
        return TypedResults.Ok((await store.DeliveriesAsync(id, take, ct)).Select(ToDto).ToList());
    }

    private static async Task<NoContent> Replay(Guid id, long deliveryId, Scope scope, IWebhookStore store, TimeProvider time, CancellationToken ct)
    {
        await FindAsync(id, scope, store, ct);
        if (!await store.ReplayAsync(id, deliveryId, time.GetUtcNow(), ct))
            throw new HuddleException(ErrorCodes.WebhookDeliveryNotFound, "This webhook has no delivered or failed delivery with this id.", ErrorKind.NotFound);
        return TypedResults.NoContent();
    }

    private static async Task<Webhook> FindAsync(Guid id, Scope scope, IWebhookStore store, CancellationToken ct)
    {
        var hook = await store.FindAsync(id, ct);
        return hook is not null && (scope.All || hook.OwnerId == scope.Owner) ? hook : throw NotFound();
    }

    private static HuddleException NotFound() => new(ErrorCodes.WebhookNotFound, "No webhook of yours has this id.", ErrorKind.NotFound);

    private static WebhookDto ToDto(Webhook h) => new(h.Id, h.OwnerId, h.Url, h.Events, h.CreatedAt);

    private static WebhookDeliveryDto ToDto(WebhookDelivery d) => new(
        d.Id, d.EventId, d.Event, d.SessionId, d.Status switch
        {
            WebhookDeliveryStatus.Pending => "pending",
            WebhookDeliveryStatus.Sending => "sending",
            WebhookDeliveryStatus.Delivered => "delivered",
            WebhookDeliveryStatus.Failed => "failed",
        }, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.ResponseExcerpt, d.DeliveredAt);
}
