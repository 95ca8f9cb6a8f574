namespace Huddle.Core;

/// <summary>
/// Every error code Huddle sends, REST and hub alike, by name: a throw site, a problem and a
/// <c>when (e.Code == …)</c> filter use a member, never a string. docs/protocol.md's error table lists
/// each one (a test keeps the two equal); a code is a contract with clients, so never rename or reuse one.
/// The HTTP status comes from the error's <see cref="ErrorKind"/> (see <see cref="Errors"/>).
/// </summary>
public static class ErrorCodes
{
    // Input and requests
    public const string InvalidInput = "invalid_input";
    public const string InvalidKind = "invalid_kind";
    public const string InvalidName = "invalid_name";
    public const string InvalidTitle = "invalid_title";
    public const string InvalidSettings = "invalid_settings";
    public const string InvalidToken = "invalid_token";
    public const string InvalidVote = "invalid_vote";
    public const string InvalidEventName = "invalid_event_name";
    public const string EventTooLarge = "event_too_large";
    public const string NotSupported = "not_supported";
    public const string UnknownGenre = "unknown_genre";
    public const string UnknownProvider = "unknown_provider";

    // Roles and membership
    public const string NotAllowed = "not_allowed";
    public const string NotJoined = "not_joined";
    public const string Banned = "banned";
    public const string TooManyConnections = "too_many_connections";

    // Not found
    public const string SessionNotFound = "session_not_found";
    public const string ItemNotFound = "item_not_found";
    public const string ParticipantNotFound = "participant_not_found";
    public const string SongNotFound = "song_not_found";
    public const string NoAudio = "no_audio";
    public const string NoCover = "no_cover";
    public const string MovieNotFound = "movie_not_found";
    public const string CardNotFound = "card_not_found";
    public const string FilmNotFound = "film_not_found";
    public const string RoomNotFound = "room_not_found";
    public const string QuestionNotFound = "question_not_found";
    public const string MailNotFound = "mail_not_found";
    public const string CalendarFeedNotFound = "calendar_feed_not_found";

    // Session rules (queue, movies, presence)
    public const string DuplicateSong = "duplicate_song";
    public const string QueueFull = "queue_full";
    public const string QueueLimitReached = "queue_limit_reached";
    public const string AddCooldown = "add_cooldown";
    public const string AddingLocked = "adding_locked";
    public const string VotingDisabled = "voting_disabled";
    public const string NoMoreMovies = "no_more_movies";
    public const string DeckFull = "deck_full";
    public const string NoMatch = "no_match";
    public const string QueueEmpty = "queue_empty";
    public const string Busy = "busy";
    public const string NothingPlaying = "nothing_playing";
    public const string ParticipantAbsent = "participant_absent";
    public const string SessionFull = "session_full";
    public const string SessionEnded = "session_ended";
    public const string TooManyWatches = "too_many_watches";
    public const string NoWatchFile = "no_watch_file";
    public const string NoReadyCheck = "no_ready_check";
    public const string NoWatchPlatform = "no_watch_platform";
    public const string DeckClosed = "deck_closed";
    public const string ReactionTooFast = "reaction_too_fast";

    // Classroom
    public const string InvalidNotes = "invalid_notes";
    public const string InvalidQuestion = "invalid_question";
    public const string AnonymousNotAllowed = "anonymous_not_allowed";
    public const string TooManyQuestions = "too_many_questions";
    public const string QuestionNotOpen = "question_not_open";
    public const string QuestionNotPending = "question_not_pending";
    public const string QuestionAnswered = "question_answered";
    public const string QuestionHidden = "question_hidden";
    public const string QuestionRateLimited = "question_rate_limited";
    public const string QuestionRemoved = "question_removed";
    public const string InvalidBlockedWords = "invalid_blocked_words";
    public const string AskingBanned = "asking_banned";
    public const string HostSessionLimit = "host_session_limit";
    public const string NotRoomOwner = "not_room_owner";
    public const string InvalidPoll = "invalid_poll";
    public const string InvalidPollAnswer = "invalid_poll_answer";
    public const string PollNotFound = "poll_not_found";
    public const string PollNotOpen = "poll_not_open";
    public const string PollClosed = "poll_closed";
    public const string PollAnswerFinal = "poll_answer_final";
    public const string TooManyPolls = "too_many_polls";

    // Playlists
    public const string PlaylistNotFound = "playlist_not_found";
    public const string InvalidPlaylistName = "invalid_playlist_name";
    public const string InvalidPlaylist = "invalid_playlist";
    public const string PlaylistTooLarge = "playlist_too_large";
    public const string PlaylistEmpty = "playlist_empty";

    // Subsonic (the server's trouble, not the caller's: 503 on REST, the code in GET /api/songs/subsonic)
    public const string SubsonicUnauthorized = "subsonic_unauthorized";
    public const string SubsonicUnreachable = "subsonic_unreachable";
    public const string SubsonicTimeout = "subsonic_timeout";
    public const string SubsonicInvalidResponse = "subsonic_invalid_response";
    public const string SubsonicNotFound = "subsonic_not_found";
    public const string SubsonicRefused = "subsonic_refused";

    // Jellyfin as a film source (the server's trouble, not the caller's: 503 on REST, the code in GET /api/films/jellyfin)
    public const string JellyfinUnauthorized = "jellyfin_unauthorized";
    public const string JellyfinUnreachable = "jellyfin_unreachable";
    public const string JellyfinTimeout = "jellyfin_timeout";
    public const string JellyfinInvalidResponse = "jellyfin_invalid_response";

    // Spotify (the last six also in a session's Spotify status)
    public const string SpotifyNotConfigured = "spotify_not_configured";
    public const string SpotifyNotLinked = "spotify_not_linked";
    public const string SpotifyLinkInvalid = "spotify_link_invalid";
    public const string SpotifyUnlinked = "spotify_unlinked";
    public const string SpotifyNoDevice = "spotify_no_device";
    public const string SpotifyPremiumRequired = "spotify_premium_required";
    public const string SpotifyRateLimited = "spotify_rate_limited";
    public const string SpotifyUnavailable = "spotify_unavailable";
    public const string SpotifyRefused = "spotify_refused";

    // Coaching bookings
    public const string CoachingSessionNotFound = "coaching_session_not_found";
    public const string CoachNotFound = "coach_not_found";
    public const string InvalidTransition = "invalid_transition";
    public const string TooEarly = "too_early";
    public const string SlotTaken = "slot_taken";
    public const string FeeChanged = "fee_changed";
    public const string OutsideAvailability = "outside_availability";
    public const string AlreadyCompleted = "already_completed";
    public const string ReasonRequired = "reason_required";
    public const string InvalidRating = "invalid_rating";
    public const string InvalidDuration = "invalid_duration";
    public const string InvalidIdempotencyKey = "invalid_idempotency_key";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string CannotBookSelf = "cannot_book_self";
    public const string InvalidTimeZone = "invalid_time_zone";
    public const string InvalidWindow = "invalid_window";
    public const string InvalidScheduledAt = "invalid_scheduled_at";
    public const string NotInFuture = "not_in_future";
    public const string TooFarAhead = "too_far_ahead";
    public const string RescheduleRefused = "reschedule_refused";
    public const string SameTime = "same_time";
    public const string InvalidCoachRules = "invalid_coach_rules";
    public const string LengthNotOffered = "length_not_offered";
    public const string TooLittleNotice = "too_little_notice";
    public const string BufferConflict = "buffer_conflict";
    public const string DailyLimitReached = "daily_limit_reached";
    public const string TooLate = "too_late";
    public const string InvalidSeries = "invalid_series";
    public const string SeriesClash = "series_clash";
    public const string NotInSeries = "not_in_series";

    // Coaching webhooks
    public const string InvalidWebhookUrl = "invalid_webhook_url";
    public const string WebhookTargetRefused = "webhook_target_refused";
    public const string InvalidWebhookEvents = "invalid_webhook_events";
    public const string TooManyWebhooks = "too_many_webhooks";
    public const string WebhookNotFound = "webhook_not_found";
    public const string WebhookDeliveryNotFound = "webhook_delivery_not_found";

    // A coach's own video link and external busy calendars
    public const string InvalidMeetingLink = "invalid_meeting_link";
    public const string InvalidCalendarUrl = "invalid_calendar_url";
    public const string CalendarTargetRefused = "calendar_target_refused";
    public const string TooManyBusyCalendars = "too_many_busy_calendars";
    public const string BusyCalendarNotFound = "busy_calendar_not_found";
    public const string CalendarBusy = "calendar_busy";

    // Coaching accounts
    public const string InvalidCredentials = "invalid_credentials";
    public const string LoginThrottled = "login_throttled";
    public const string WeakPassword = "weak_password";
    public const string WrongPassword = "wrong_password";
    public const string InvalidEmail = "invalid_email";
    public const string EmailTaken = "email_taken";
    public const string InvalidRole = "invalid_role";
    public const string AccountNotFound = "account_not_found";
    public const string CannotRemoveOwnAdmin = "cannot_remove_own_admin";
    public const string Unauthenticated = "unauthenticated";

    // Admin and HTTP edges
    public const string Unauthorized = "unauthorized";
    public const string InvalidAdminKey = "invalid_admin_key";
    public const string AdminDisabled = "admin_disabled";
    public const string Forbidden = "forbidden";
    public const string OriginNotAllowed = "origin_not_allowed";

    // Transport and framework
    public const string RateLimited = "rate_limited";
    public const string InternalError = "internal_error";
    public const string Cancelled = "cancelled";
    public const string InvalidArguments = "invalid_arguments";
    public const string UnknownMethod = "unknown_method";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string NotAcceptable = "not_acceptable";
    public const string RequestTimeout = "request_timeout";
    public const string LengthRequired = "length_required";
    public const string UriTooLong = "uri_too_long";
    public const string HeadersTooLarge = "headers_too_large";
    public const string Unavailable = "unavailable";
    public const string Error = "error";
}
