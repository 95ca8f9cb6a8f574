namespace Huddle.Core.Sessions;

/// <summary>
/// The watch party on a streaming platform (issue 21): nobody can stream Netflix through Huddle, so the
/// party does what people do by hand, better. The host names the platform (everyone sees the link to
/// open the film there); a 3-2-1 start is a play whose moment lies <see cref="WatchPlatform.CountdownMs"/>
/// ahead on the server clock, so every device shows "Play now" at the same moment without a timer of its
/// own; pauses and resumes are the party's ordinary playback changes, naming who pressed them.
/// </summary>
public sealed partial class Session
{
    /// <summary>What the service needs to name a platform for the picked film: checked here, before it asks the catalog.</summary>
    public (int MovieId, string Region) PreparePlatformChoice(string actorId)
    {
        Require(actorId, Role.Host);
        var watching = RequireWatching();
        return (watching.Card.MovieId, RequireMovieNight().Preferences.Region);
    }

    /// <summary>The host chooses the platform (null: none); the party pauses at 0:00 for the countdown to start it.</summary>
    public IReadOnlyList<SessionEvent> ChooseWatchPlatform(string actorId, WatchPlatform? platform, long now)
    {
        Require(actorId, Role.Host);
        var watching = RequireWatching();
        var party = RequireMovieNight().Party;
        if (party.Platform == platform) return Nothing;

        List<SessionEvent> events = [new WatchPlatformChosen(platform, actorId)];
        if (platform is null) return events;
        // A film folder file it replaces had its own ready check and buffering; neither means anything on a platform.
        if (party.Ready is not null) events.Add(new WatchReadyCheckEnded());
        if (party.Buffering.Count > 0 || party.ResumeWhenReady) events.Add(new WatchWaitChanged([], false));
        if (watching.Playback.IsPlaying || watching.Playback.PositionSeconds != 0) events.Add(new WatchPlaybackChanged(false, 0, now));
        return events;
    }

    /// <summary>
    /// The shared 3-2-1: the party plays from where it is paused, at now + the countdown, for everyone the
    /// control rule allows to play. Again while it plays or counts down: nothing changes.
    /// </summary>
    public IReadOnlyList<SessionEvent> StartCountdown(string actorId, long now)
    {
        var party = RequireWatchControl(actorId);
        var watching = RequireWatching();
        if (party.Platform is null) throw Errors.Conflict(ErrorCodes.NoWatchPlatform, "Choose the platform the party watches on first.");
        if (watching.Playback.IsPlaying) return Nothing;
        return [new WatchPlaybackChanged(true, watching.Playback.PositionSeconds, now + WatchPlatform.CountdownMs, actorId)];
    }
}
