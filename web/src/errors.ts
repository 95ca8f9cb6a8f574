// Every error code the server sends (HuddleException codes, REST problem codes, hub guard codes),
// with the message a person should read.

const messages: Record<string, string> = {
  invalid_input: 'Something in that request was not valid.',
  invalid_kind: 'Choose a jam, a movie night, a Q&A or a room.',
  invalid_name: 'Names are 1–20 characters, without control characters.',
  invalid_title: 'Titles are at most 80 characters.',
  invalid_settings: 'Those settings are out of range.',
  invalid_token: 'Your saved identity is not known in this session. Join again with a name.',
  invalid_vote: 'A vote is up, down or clear.',
  invalid_event_name: 'Event names use lower-case letters, digits, ":", "_" or "-" (up to 64).',
  event_too_large: 'That event is too large (1 KB of JSON at most).',
  payload_too_large: 'That message is too large.',
  not_allowed: 'You are not allowed to do that.',
  not_joined: 'You are not in this session any more. Reconnecting…',
  not_supported: 'This session kind does not support that.',
  kicked: 'The host removed you from this session.',
  banned: 'The host removed you from this session.',
  too_many_connections: 'Too many open connections from your network. Close a tab and try again.',
  session_not_found: 'No session has this code. Check the code and try again.',
  session_ended: 'This session has ended; it is read-only now.',
  session_full: 'This session is full.',
  item_not_found: 'That item is no longer in the queue.',
  participant_not_found: 'That person is no longer in this session.',
  participant_absent: 'The host role can only go to someone who is here right now.',
  song_not_found: 'That song is not in the library.',
  no_audio: 'This song has no audio on this server.',
  duplicate_song: 'That song is already queued or playing.',
  queue_full: 'The queue is full.',
  queue_limit_reached: 'You have as many songs waiting as the host allows. Add more once one has played.',
  adding_locked: 'The host has locked the queue: only the host and moderators can add songs.',
  add_cooldown: 'You just added a song: wait a little before adding another.',
  queue_empty: 'There is nothing in the queue to play.',
  nothing_playing: 'Nothing is playing right now.',
  voting_disabled: 'The host has turned voting off.',
  unknown_genre: 'One of those genres is not known to the movie catalog.',
  unknown_provider: 'One of those streaming services is not offered in that region.',
  movie_not_found: 'That film is not in the movie catalog.',
  card_not_found: 'That film is not in the deck.',
  deck_full: 'The deck is full.',
  no_more_movies: 'No more films match these preferences. Suggest one by search instead.',
  no_match: 'There is no match yet: pick a film from the deck.',
  rate_limited: 'Slow down a little — too many requests. Try again in a moment.',
  cancelled: 'The connection closed before the server answered.',
  internal_error: 'Something went wrong on the server. Please try again.',
  network_error: 'Cannot reach the Huddle server. Check your connection.',
  busy: 'This session is very busy right now. Nothing changed; try again.',
  // Music: covers, playlists, Subsonic and Spotify.
  no_cover: 'This song has no cover art on this server.',
  playlist_not_found: 'That playlist no longer exists.',
  invalid_playlist_name: 'Playlist names are 1–100 characters, without control characters.',
  invalid_playlist: 'That playlist file could not be read (it must be UTF-8 text with short lines).',
  playlist_too_large: 'That playlist is too large (256 KB, 2,010 lines or 500 songs at most).',
  playlist_empty: 'Nothing to save: no song of that list is in the library, or nothing is queued or played yet.',
  subsonic_unauthorized: 'The music server refused Huddle\'s user name or password.',
  subsonic_unreachable: 'The music server cannot be reached right now.',
  subsonic_timeout: 'The music server did not answer in time.',
  subsonic_invalid_response: 'The music server sent an answer Huddle cannot read.',
  subsonic_refused: 'The music server refused that request.',
  subsonic_not_found: 'The music server could not find its library.',
  spotify_not_configured: 'This Huddle server is not set up for Spotify.',
  spotify_not_linked: 'The host has not linked a Spotify account to this session.',
  spotify_link_invalid: 'That Spotify link expired or was already used. Press "Link Spotify" again.',
  spotify_unlinked: 'Spotify no longer lets Huddle use this account. Link Spotify again.',
  spotify_no_device: 'Open Spotify on a phone or computer first: Huddle plays on one of your Spotify devices.',
  spotify_premium_required: 'Spotify lets only Premium accounts control playback (searching still works).',
  spotify_rate_limited: 'Spotify asked Huddle to slow down. It catches up in a moment.',
  spotify_unavailable: 'Spotify is not answering right now. Huddle tries again with the next change.',
  spotify_refused: 'Spotify refused that request.',
  // Q&A.
  invalid_notes: 'Notes are at most 10,000 characters, without control characters.',
  room_not_found: 'This session has no live room (it has not started, or it closed long ago).',
  invalid_question: 'Questions are 1–500 characters, without control characters.',
  anonymous_not_allowed: 'The host has turned anonymous questions off.',
  too_many_questions: 'This Q&A holds as many questions as it can.',
  question_not_found: 'That question is no longer here.',
  question_not_open: 'That question is not open any more.',
  question_not_pending: 'That question is no longer waiting for approval.',
  question_answered: 'That question has been answered: it cannot be changed now.',
  question_hidden: 'A moderator hid that question.',
  question_rate_limited: 'You are asking very quickly: wait a minute before the next question.',
  host_session_limit: 'This name already hosts 3 active Q&A sessions. End one first.',
  // Requests the app itself got wrong, and the web server's own answers.
  invalid_arguments: 'The app sent a request the server does not understand. Reload the page.',
  unknown_method: 'The app asked for something this server does not do. Reload the page.',
  not_found: 'That page or item does not exist.',
  method_not_allowed: 'The app sent a request the server does not accept. Reload the page.',
  unsupported_media_type: 'The app sent a request in a form the server does not accept. Reload the page.',
  not_acceptable: 'The server cannot answer in a form this app reads. Reload the page.',
  request_timeout: 'The request arrived too slowly. Check your connection and try again.',
  length_required: 'The app sent a request the server does not accept. Reload the page.',
  uri_too_long: 'That address is too long.',
  headers_too_large: 'The request was too large. Try signing out and in again.',
  unavailable: 'The server cannot answer right now. Try again in a moment.',
  error: 'Something went wrong. Please try again.',
  // Accounts and the admin page.
  unauthorized: 'Sign in first.',
  invalid_admin_key: 'That admin key is not right.',
  admin_disabled: 'The admin page is turned off on this server (no admin key is set).',
  forbidden: 'Your account is not allowed to do that.',
  origin_not_allowed: 'This server does not accept requests from this web address.',
  invalid_credentials: 'Wrong e-mail or password.',
  login_throttled: 'Too many failed sign-ins. Wait a few minutes and try again.',
  weak_password: 'Choose a stronger password: 10 to 128 characters, not common, not your e-mail address.',
  wrong_password: 'The current password is wrong.',
  unauthenticated: 'Your sign-in has expired. Sign in again.',
  invalid_email: 'That is not a valid e-mail address.',
  email_taken: 'An account with that e-mail address already exists. Sign in instead.',
  invalid_role: 'Only the coach and admin roles can be given or taken.',
  account_not_found: 'That account no longer exists.',
  cannot_remove_own_admin: 'You cannot remove your own admin role: ask another admin.',
  // Coaching.
  coach_not_found: 'That coach is not on this server.',
  coaching_session_not_found: 'That coaching session does not exist, or it is not yours.',
  invalid_time_zone: 'Choose a time zone from the list (for example Europe/Paris).',
  invalid_window: 'Those hours overlap, are listed twice, or end before they start.',
  invalid_scheduled_at: 'That time does not exist in the coach\'s time zone.',
  invalid_duration: 'Choose a length for the session.',
  not_in_future: 'That time has passed. Choose a later slot.',
  too_far_ahead: 'Sessions can be booked up to 180 days ahead.',
  outside_availability: 'The coach is not available at that time.',
  cannot_book_self: 'You cannot book a session with yourself.',
  invalid_idempotency_key: 'The app sent a malformed booking request. Reload the page.',
  slot_taken: 'That slot was just taken (by someone else, or you already have a session then). Choose another.',
  idempotency_key_reused: 'That booking was already sent with other details. Reload the page.',
  fee_changed: 'The cancellation fee has changed since you looked. Check the new fee.',
  reschedule_refused: 'This coach does not allow moving a session this close to its start. You can still cancel it.',
  same_time: 'The session is already at that time. Pick a different slot.',
  invalid_coach_rules: 'Those booking rules are not valid. Check the values and try again.',
  length_not_offered: 'This coach does not offer sessions of that length. Pick one of the lengths listed.',
  too_little_notice: 'This coach needs more notice than that. Pick a later time.',
  buffer_conflict: 'That time is too close to another of this coach’s sessions. Pick another slot.',
  daily_limit_reached: 'This coach’s day is full. Pick another day.',
  too_late: 'This session’s booked time is over: it can no longer start.',
  mail_not_found: 'That e-mail is not in the outbox any more (or was not dead). Refresh the list.',
  calendar_feed_not_found: 'That calendar link does not exist or was revoked. Create a new one from your account.',
  film_not_found: 'That film is no longer in the film folder. Pick another one.',
  invalid_poll: 'That poll is not complete: it needs a question and, for choices, 2 to 10 different options.',
  invalid_poll_answer: 'That answer does not fit this poll. Pick from its options.',
  poll_not_found: 'That poll no longer exists.',
  poll_not_open: 'That poll is not open for answers.',
  poll_closed: 'That poll has closed.',
  poll_answer_final: 'Your answer is final: the host does not allow changing it.',
  too_many_polls: 'This room has as many polls as it can hold. Delete one first.',
  invalid_transition: 'The session is not in a state that allows that.',
  too_early: 'Too early: a session can start at most 15 minutes before its time, and a no-show can be marked 15 minutes after it.',
  already_completed: 'That part of the record is already written.',
  invalid_rating: 'A rating is 1 to 5 stars.',
  reason_required: 'Say why you cancel.',
  too_many_watches: 'You are following too many coaches at once. Close a tab.',
};

/** Codes whose server message adds what the sentence cannot know (seconds left, the rule broken, the line): shown instead. */
const detailed = new Set([
  'add_cooldown', 'question_rate_limited', 'invalid_playlist', 'weak_password', 'login_throttled', 'spotify_refused', 'slot_taken', 'fee_changed',
]);

export class HuddleError extends Error {
  constructor(public readonly code: string, public readonly detail: string) {
    super(humanMessage(code, detail));
  }
}

export function humanMessage(code: string, detail?: string): string {
  if (detail && detailed.has(code)) return detail;
  return messages[code] ?? detail ?? 'Something went wrong.';
}

/** Whether a code has its own sentence (errors.test.ts keeps every documented code covered). */
export const hasSentence = (code: string) => Object.hasOwn(messages, code);

/** Turns any failure (HubException, fetch error, problem+json) into a HuddleError with a code. */
export function toHuddleError(error: unknown): HuddleError {
  if (error instanceof HuddleError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const hub = /HubException: ([a-z_]+): ?(.*)$/s.exec(text) ?? /^([a-z_]+): (.*)$/s.exec(text);
  if (hub) return new HuddleError(hub[1], hub[2]);
  if (/WebSocket|Failed to fetch|connection|NetworkError/i.test(text)) return new HuddleError('network_error', text);
  return new HuddleError('internal_error', text);
}
