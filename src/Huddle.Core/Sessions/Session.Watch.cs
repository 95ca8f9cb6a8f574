namespace Huddle.Core.Sessions;

/// <summary>
/// The watch party that plays: a film file from the server's film folder, who may control it, and
/// waiting for members who are buffering. The waiting follows Jellyfin SyncPlay's group states: when
/// a member buffers while the film plays, the group pauses at the same position (Waiting) and
/// remembers to resume; when every present member is ready again it plays on, together. A play
/// request while someone buffers is remembered the same way, a pause forgets it. Positions are on
/// the server clock like every playback state, so a device that joins or reconnects computes where
/// the film is now.
/// </summary>
public sealed partial class Session
{
    /// <summary>The host chooses the film folder's file everyone plays (null: none, watch elsewhere); the party pauses at 0:00.</summary>
    public IReadOnlyList<SessionEvent> ChooseWatchFile(string actorId, string? fileId, string? title, long now)
    {
        Require(actorId, Role.Host);
        RequireWatching();
        if (fileId is not null && !WatchParty.IsFileId(fileId)) throw Errors.InvalidInput("fileId must be a film folder id.");
        if (fileId is null) title = null;
        else if (title is null || title.Length is 0 or > WatchParty.MaxTitleLength)
            throw Errors.InvalidInput($"title must be 1 to {WatchParty.MaxTitleLength} characters.");
        var party = RequireMovieNight().Party;
        if (party.FileId == fileId) return Nothing;
        return [new WatchFileChosen(fileId, title, actorId), new WatchWaitChanged([], false), new WatchPlaybackChanged(false, 0, now)];
    }

    /// <summary>The control rule: the host and moderators always; everyone else only while the host allows it.</summary>
    public IReadOnlyList<SessionEvent> SetWatchControl(string actorId, bool everyone)
    {
        Require(actorId, Role.Host);
        RequireWatching();
        return RequireMovieNight().Party.EveryoneControls == everyone ? Nothing : [new WatchControlChanged(everyone)];
    }

    /// <summary>A member's player starts or stops buffering (SyncPlay's "ready" report).</summary>
    public IReadOnlyList<SessionEvent> ReportBuffering(string actorId, bool buffering, long now)
    {
        Require(actorId, Role.Member);
        var watching = RequireWatching();
        var party = RequireMovieNight().Party;
        var waiting = party.Buffering.ToHashSet(StringComparer.Ordinal);
        if (buffering ? !waiting.Add(actorId) : !waiting.Remove(actorId)) return Nothing;

        var resume = party.ResumeWhenReady;
        List<SessionEvent> events = [];
        if (buffering && watching.Playback.IsPlaying)
        {
            events.Add(new WatchPlaybackChanged(false, Clamp(watching, watching.Playback.PositionAt(now)), now));
            resume = true;
        }

        if (!buffering && resume && !AnyoneBuffering(waiting))
        {
            events.Add(new WatchWaitChanged(Sorted(waiting), false));
            events.Add(new WatchPlaybackChanged(true, watching.Playback.PositionAt(now), now));
            return events;
        }

        events.Insert(0, new WatchWaitChanged(Sorted(waiting), resume));
        return events;
    }

    /// <summary>Play, pause or seek by someone the control rule allows; a play waits while a present member buffers and ends a ready check.</summary>
    private IReadOnlyList<SessionEvent> UpdateWatchPlayback(string actorId, bool isPlaying, double positionSeconds, long now)
    {
        var party = RequireWatchControl(actorId);
        var watching = RequireWatching();
        var runtime = watching.Card.Movie.RuntimeSeconds;
        if (double.IsNaN(positionSeconds) || positionSeconds < 0 || (runtime > 0 && positionSeconds > runtime))
            throw Errors.InvalidInput($"positionSeconds must be between 0 and {runtime}.");

        var change = PlayOrWait(party, isPlaying, positionSeconds, now, actorId);
        // A play during a ready check is the host's "start anyway" (or a controller's): the check is over.
        return isPlaying && party.Ready is not null ? [new WatchReadyCheckEnded(), .. change] : change;
    }

    private IReadOnlyList<SessionEvent> PlayOrWait(WatchParty party, bool isPlaying, double positionSeconds, long now, string? byId)
    {
        if (isPlaying && AnyoneBuffering(party.Buffering))
            return [new WatchWaitChanged(party.Buffering, true), new WatchPlaybackChanged(false, positionSeconds, now, byId)];
        if (!isPlaying && party.ResumeWhenReady)
            return [new WatchWaitChanged(party.Buffering, false), new WatchPlaybackChanged(false, positionSeconds, now, byId)];
        return [new WatchPlaybackChanged(isPlaying, positionSeconds, now, byId)];
    }

    /// <summary>The control rule (play, pause, seek, the 3-2-1): the host and moderators, everyone else only while the host allows it.</summary>
    private WatchParty RequireWatchControl(string actorId)
    {
        var actor = Require(actorId, Role.Member);
        RequireWatching();
        var party = RequireMovieNight().Party;
        if (actor.Role < Role.Moderator && !party.EveryoneControls)
            throw Errors.NotAllowed("Only the host or a moderator controls the watch party, unless the host lets everyone.");
        return party;
    }

    private Watching RequireWatching() =>
        RequireMovieNight().Watching ?? throw Errors.Conflict(ErrorCodes.NothingPlaying, "No film has been picked yet.");

    /// <summary>Only present members hold the group up: someone who left or dropped is not waited for.</summary>
    private bool AnyoneBuffering(IEnumerable<string> buffering) =>
        buffering.Any(id => Find(id) is { Present: true, Kicked: false });

    private static double Clamp(Watching watching, double position) =>
        watching.Card.Movie.RuntimeSeconds is > 0 and var runtime ? Math.Min(position, runtime) : position;

    private static List<string> Sorted(IEnumerable<string> ids) => ids.Order(StringComparer.Ordinal).ToList();
}
