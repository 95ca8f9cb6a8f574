using System.Text.Json;
using Huddle.Core;
using static Huddle.Server.Realtime.HubRequests;

namespace Huddle.Server.Realtime;

public sealed record WatchCoachRequest(string? CoachId);

/// <summary>
/// Coaching on the hub: anyone (signed in or not: availability is public) may watch a coach and
/// hear <c>availabilityChanged</c> when one of their slots is booked or freed. Signed-in
/// connections (access_token in the query string) hear <c>bookingChanged</c> for their own
/// sessions without asking: they join their account's group on connect.
/// </summary>
public sealed partial class SessionHub
{
    private const int MaxWatchedCoaches = 20;
    private const string WatchedKey = "coaching.watched";

    public async Task WatchCoach(JsonElement request)
    {
        var coachId = CoachId(Parse<WatchCoachRequest>(request).CoachId);
        var watched = Context.Items.TryGetValue(WatchedKey, out var w) && w is HashSet<Guid> set ? set : [];
        if (!watched.Contains(coachId) && watched.Count >= MaxWatchedCoaches)
            throw Errors.Invalid(ErrorCodes.TooManyWatches, $"Watch at most {MaxWatchedCoaches} coaches per connection.");
        watched.Add(coachId);
        Context.Items[WatchedKey] = watched;
        await Groups.AddToGroupAsync(Context.ConnectionId, CoachingGroups.CoachWatchers(coachId), Context.ConnectionAborted);
    }

    public async Task UnwatchCoach(JsonElement request)
    {
        var coachId = CoachId(Parse<WatchCoachRequest>(request).CoachId);
        if (Context.Items.TryGetValue(WatchedKey, out var w) && w is HashSet<Guid> set) set.Remove(coachId);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, CoachingGroups.CoachWatchers(coachId), Context.ConnectionAborted);
    }

    /// <summary>The directory page: availabilityChanged for every coach (one group, not one watch per coach).</summary>
    public Task WatchDirectory() => Groups.AddToGroupAsync(Context.ConnectionId, CoachingGroups.Directory, Context.ConnectionAborted);

    public Task UnwatchDirectory() => Groups.RemoveFromGroupAsync(Context.ConnectionId, CoachingGroups.Directory, Context.ConnectionAborted);

    private static Guid CoachId(string? value) =>
        Guid.TryParse(Required(value, "coachId"), out var id) ? id : throw Errors.InvalidInput("'coachId' must be a GUID.");
}
