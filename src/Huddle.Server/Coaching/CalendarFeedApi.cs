using System.Security.Cryptography;
using System.Text;
using Huddle.Core;
using Huddle.Core.Coaching;
using Huddle.Server.Http;
using Huddle.Server.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

public sealed record CalendarFeedDto(string Url, string Webcal);

/// <summary>
/// Each account's private calendar subscription (webcal://…/api/calendar/{secret}.ics): every session of
/// theirs, for calendar apps that cannot sign in. The secret is 256 random bits shown once when made;
/// only its SHA-256 is stored, looked up by that hash and compared in constant time. Making a new one
/// replaces the old (which stops working); deleting revokes it. The feed route is anonymous by nature,
/// and an unknown secret is a plain 404.
/// </summary>
public static class CalendarFeedApi
{
    private const int SecretBytes = 32;
    private const int SecretLength = 43; // base64url of 32 bytes, unpadded

    public static IEndpointRouteBuilder MapCalendarFeeds(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calendar").WithTags("Coaching");
        group.MapPost("/feed", Create).RequireAuthorization(CoachingPolicies.Account).ProducesProblem(401);
        group.MapDelete("/feed", Revoke).RequireAuthorization(CoachingPolicies.Account).ProducesProblem(401);
        group.MapGet("/{secret}.ics", Feed).AllowAnonymous().Produces(200, contentType: "text/calendar").ProducesProblem(404);
        return app;
    }

    private static async Task<Ok<CalendarFeedDto>> Create(
        HttpContext http, ICalendarFeedStore feeds, CoachingService coaching, IOptions<HuddleServerOptions> server, CancellationToken ct)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        await feeds.SetAsync(AccountService.AccountId(http.User), Hash(secret), coaching.Now, ct);
        var url = $"{PublicLinks.Root(http, server.Value)}/api/calendar/{secret}.ics";
        var webcal = "webcal" + url[url.IndexOf(':', StringComparison.Ordinal)..];
        return TypedResults.Ok(new CalendarFeedDto(url, webcal));
    }

    private static async Task<NoContent> Revoke(HttpContext http, ICalendarFeedStore feeds, CancellationToken ct)
    {
        await feeds.RevokeAsync(AccountService.AccountId(http.User), ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Feed(
        string secret, HttpContext http, ICalendarFeedStore feeds, ICoachingStore sessions, IAccountStore accounts, CoachingService coaching,
        IOptions<HuddleServerOptions> server, CancellationToken ct)
    {
        if (secret.Length != SecretLength || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) throw FeedNotFound();
        var hash = Hash(secret);
        var found = await feeds.FindAsync(hash, ct);
        // Found by its hash, then compared in constant time (the index lookup alone already reveals nothing of the secret).
        if (found is not { } feed || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(feed.SecretHash), Encoding.ASCII.GetBytes(hash)))
            throw FeedNotFound();

        var root = PublicLinks.Root(http, server.Value);
        var names = new Dictionary<Guid, string>();
        var events = new List<(CoachingSession, string, string, string)>();
        foreach (var s in await sessions.ListAsync(feed.AccountId, ct))
            events.Add((s, await NameAsync(s.CoachId, "Coach"), await NameAsync(s.ClientId, "Client"), $"{root}/coaching/sessions/{s.Id}"));
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(Encoding.UTF8.GetBytes(IcsCalendar.Feed(events, coaching.Now)), "text/calendar; charset=utf-8", "huddle-coaching.ics");

        async Task<string> NameAsync(Guid id, string fallback)
        {
            if (!names.TryGetValue(id, out var name)) names[id] = name = (await accounts.FindAsync(id, ct))?.Name ?? fallback;
            return name;
        }
    }

    private static HuddleException FeedNotFound() =>
        new(ErrorCodes.CalendarFeedNotFound, "No calendar feed has this address (it may have been replaced or revoked).", ErrorKind.NotFound);

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
