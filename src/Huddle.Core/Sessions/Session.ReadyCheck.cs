namespace Huddle.Core.Sessions;

/// <summary>
/// The ready check before the film starts (issue 21): the host asks, the party waits paused at 0:00,
/// every present member taps "Ready", and when the last one does it plays from 0:00 for everyone,
/// together. The host (or whoever may control) can start anyway: a play ends the check. Someone who
/// left is not counted, as in the buffering wait; their leaving does not start the film by itself
/// (the host sees the count and starts).
/// </summary>
public sealed partial class Session
{
    /// <summary>The host starts a ready check (again: nothing changes); it needs the film folder's file.</summary>
    public IReadOnlyList<SessionEvent> StartReadyCheck(string actorId, long now)
    {
        Require(actorId, Role.Host);
        var watching = RequireWatching();
        var party = RequireMovieNight().Party;
        if (party.FileId is null) throw Errors.Conflict(ErrorCodes.NoWatchFile, "Choose a file from the film folder first.");
        if (party.Ready is not null) return Nothing;

        List<SessionEvent> events = [new WatchReadyCheckStarted(actorId, now)];
        if (party.ResumeWhenReady) events.Add(new WatchWaitChanged(party.Buffering, false));
        if (watching.Playback.IsPlaying || watching.Playback.PositionSeconds != 0) events.Add(new WatchPlaybackChanged(false, 0, now));
        if (EveryoneReady([actorId])) events.AddRange(StartTogether(party, now));
        return events;
    }

    /// <summary>A present member taps "Ready"; the last one starts the film for everyone.</summary>
    public IReadOnlyList<SessionEvent> MarkReady(string actorId, long now)
    {
        Require(actorId, Role.Member);
        RequireWatching();
        var party = RequireMovieNight().Party;
        var ready = party.Ready ?? throw Errors.Conflict(ErrorCodes.NoReadyCheck, "The host has not asked whether everyone is ready.");
        if (ready.Contains(actorId, StringComparer.Ordinal)) return Nothing;

        List<SessionEvent> events = [new WatchReadyMarked(actorId)];
        if (EveryoneReady([.. ready, actorId])) events.AddRange(StartTogether(party, now));
        return events;
    }

    private bool EveryoneReady(IReadOnlyCollection<string> ready) =>
        _participants.Where(p => p.Present && !p.Kicked).All(p => ready.Contains(p.Id, StringComparer.Ordinal));

    /// <summary>From 0:00 for everyone; if a member still buffers, the play waits for them like any other.</summary>
    private IEnumerable<SessionEvent> StartTogether(WatchParty party, long now) =>
        [new WatchReadyCheckEnded(), .. PlayOrWait(party, true, 0, now, null)];
}
