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
  // add_cooldown: the server's own message says how many seconds are left.
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
};

export class HuddleError extends Error {
  constructor(public readonly code: string, public readonly detail: string) {
    super(humanMessage(code, detail));
  }
}

export function humanMessage(code: string, detail?: string): string {
  return messages[code] ?? detail ?? 'Something went wrong.';
}

/** Turns any failure (HubException, fetch error, problem+json) into a HuddleError with a code. */
export function toHuddleError(error: unknown): HuddleError {
  if (error instanceof HuddleError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const hub = /HubException: ([a-z_]+): ?(.*)$/s.exec(text) ?? /^([a-z_]+): (.*)$/s.exec(text);
  if (hub) return new HuddleError(hub[1], hub[2]);
  if (/WebSocket|Failed to fetch|connection|NetworkError/i.test(text)) return new HuddleError('network_error', text);
  return new HuddleError('internal_error', text);
}
