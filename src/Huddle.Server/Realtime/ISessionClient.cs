using Huddle.Server.Contracts;

namespace Huddle.Server.Realtime;

/// <summary>Server → client events (SPEC §5.2). Method names are the wire names.</summary>
#pragma warning disable IDE1006, CA1715 // The wire protocol's event names are camelCase.
public interface ISessionClient
{
    Task participantJoined(ParticipantJoinedEvent e);

    Task participantLeft(ParticipantLeftEvent e);

    Task hostChanged(HostChangedEvent e);

    Task roleChanged(RoleChangedEvent e);

    Task queueUpdated(QueueUpdatedEvent e);

    Task voteUpdated(VoteUpdatedEvent e);

    Task itemMoved(ItemMovedEvent e);

    Task nowPlaying(NowPlayingEvent e);

    Task playbackUpdated(PlaybackUpdatedEvent e);

    Task historyUpdated(HistoryUpdatedEvent e);

    Task skipUpdated(SkipUpdatedEvent e);

    Task settingsUpdated(SettingsUpdatedEvent e);

    Task deckUpdated(DeckUpdatedEvent e);

    Task matchFound(MatchFoundEvent e);

    Task watchPartyUpdated(WatchPartyUpdatedEvent e);

    /// <summary>The host or a moderator changed the movie night's filters (a new deal follows as <c>deckUpdated</c>).</summary>
    Task preferencesChanged(PreferencesChangedEvent e);

    /// <summary>The ready check before the deck opens started, someone is ready, or the deck opened (<c>ready</c> null).</summary>
    Task deckReadyUpdated(DeckReadyUpdatedEvent e);

    Task questionsUpdated(QuestionsUpdatedEvent e);

    Task questionScoreUpdated(QuestionScoreUpdatedEvent e);

    /// <summary>One question changed (a delta: the question and its position in this audience's list, or null when it left it).</summary>
    Task questionUpdated(QuestionUpdatedEvent e);

    /// <summary>The classroom's word filter or bans from asking changed (in full for moderators; one's own ban for others).</summary>
    Task moderationUpdated(ModerationUpdatedEvent e);

    /// <summary>One poll changed (a delta: the poll and its position, or null when it left this audience's list).</summary>
    Task pollUpdated(PollUpdatedEvent e);

    Task notesUpdated(NotesUpdatedEvent e);

    Task kicked(KickedEvent e);

    /// <summary>The host lifted a ban: the participant may join again (they are not present until they do).</summary>
    Task participantUnbanned(ParticipantUnbannedEvent e);

    Task sessionEnded(SessionEndedEvent e);

    /// <summary>A notice, not a commit: the session ends at <c>expiresAt</c> unless something happens (or someone calls KeepAlive).</summary>
    Task sessionExpiring(SessionExpiringEvent e);

    Task sessionKeptAlive(SessionKeptAliveEvent e);

    Task @event(RelayEvent e);

    /// <summary>Someone reacted during the watch party (not a commit: never stored, no version).</summary>
    Task reaction(ReactionEvent e);

    Task bookingChanged(Huddle.Server.Coaching.BookingChangedEvent e);

    Task availabilityChanged(Huddle.Server.Coaching.AvailabilityChangedEvent e);

    /// <summary>Not versioned: this node is going away; reconnect (the load balancer picks another) and rejoin with your token.</summary>
    Task reconnect(ReconnectEvent e);
}
#pragma warning restore IDE1006, CA1715
