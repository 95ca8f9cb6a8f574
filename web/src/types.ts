// Wire shapes, mirroring src/Huddle.Server/Contracts/Dtos.cs (camelCase JSON, times in Unix ms).

export type Kind = 'jam' | 'room' | 'movie' | 'classroom';
export type Role = 'host' | 'moderator' | 'member';

export interface PersonRef { participantId: string; name: string }

export interface Participant { participantId: string; name: string; role: Role; present: boolean; joinedAt: number }

export interface QueueItem {
  itemId: string; catalogId: string; title: string; artist: string; genre: string; durationSeconds: number;
  addedBy: PersonRef; addedAt: number; score: number; upvotes: number; downvotes: number;
  /** Pinned by the host or a moderator: stays first. */
  pinned?: boolean;
}

/** The addedBy.participantId of a song the auto-DJ picked ("Picked by Huddle"). */
export const AUTO_DJ_ID = 'huddle';

export interface HistoryItem {
  itemId: string; catalogId: string; title: string; artist: string; genre: string; durationSeconds: number;
  addedBy: PersonRef; addedAt: number; score: number; playedAt: number;
}

export interface Playback { isPlaying: boolean; positionSeconds: number; updatedAt: number }

export interface NowPlaying { item: QueueItem; playback: Playback; startedAt?: number }

export interface Skip { votes: number; needed: number }

export interface Settings {
  allowVoting: boolean; maxQueueSize: number; autoPlay: boolean; skipThreshold: number;
  allowAnonymous: boolean; moderation: boolean; maxParticipants: number; matchRule: MatchRule;
  autoDj: boolean; maxQueuedPerPerson: number; addCooldownSeconds: number; queueOrder: QueueOrder; lockAdding: boolean;
  /** Movie nights: the first match ends the pick (absent from older servers). */
  endAtFirstMatch?: boolean;
  /** Movie nights: each new deck opens behind a ready check. */
  deckReadyCheck?: boolean;
}

export type QueueOrder = 'votes' | 'fair';

export type SettingsPatch = Partial<Settings>;

export interface SessionInfo {
  id: string; code: string; kind: Kind; title: string; status: 'active' | 'ended';
  settings: Settings; version: number; hostId: string | null; createdAt: number;
}

export interface You { participantId: string; participantToken: string; role: Role }

export interface Snapshot {
  session: SessionInfo; you: You; participants: Participant[]; queue: QueueItem[];
  myVotes: Record<string, number>; nowPlaying: NowPlaying | null; history: HistoryItem[];
  skip: Skip; mySkipVote: boolean; serverTime: number;
  /** Movie sessions only. In a movie session, nowPlaying.item is a MovieCard (see movie.ts). */
  deck?: MovieDeck;
  /** Classroom sessions only. */
  classroom?: ClassroomState;
  /** Only while the host is away: all their connections closed. */
  hostAway?: HostAway;
}

/** Since when the host is away, and when the host role passes on if they are not back (null: never, Unix ms, server clock). */
export interface HostAway { since: number; handoverAt: number | null }

export interface Song {
  id: string; title: string; artist: string; album: string; year: number; genre: string;
  durationSeconds: number; hasAudio: boolean;
  /** Album track number, 0 when unknown. */
  track: number; hasCover: boolean; coverUrl: string | null;
}

/** GET /api/songs/library: where the server's audio comes from (folder is null when there is none). */
export interface MusicLibrary { folder: string | null; folderOrigin: string; songsWithAudio: number; catalogOnlySongs: number; scannedAt: number | null }

export interface SongPage { items: Song[]; count: number }

export interface SessionSummary {
  id: string; code: string; kind: Kind; title: string; status: 'active' | 'ended'; hostName: string | null;
  participantCount: number; createdAt: number; endedAt: number | null; joinUrl: string; history: HistoryItem[];
  /** Classroom sessions only: open and answered questions, readable after the session ended. */
  questions?: Question[];
  /** Classroom sessions only: the closed polls with their results. */
  polls?: Poll[];
  /** Movie nights only: the end summary. */
  movie?: MovieResults;
}

export interface CreateSessionRequest { kind: Kind; hostName: string; title?: string; settings?: SettingsPatch; preferences?: MoviePreferences; defaultBlockedWords?: boolean }

export interface CreatedSession {
  id: string; code: string; kind: Kind; title: string; joinUrl: string;
  participantId: string; participantToken: string; snapshot: Snapshot;
}

// Server → client events (ISessionClient). Each carries the version it brings the client to,
// except the relay event, which is never stored.
export interface ParticipantJoinedEvent { version: number; participant: Participant }
/** hostAway: only when the host's last connection closed. */
export interface ParticipantLeftEvent { version: number; participantId: string; reason: 'left' | 'disconnected' | 'kicked' | string; hostAway?: HostAway }
export interface HostChangedEvent { version: number; participantId: string | null; previousHostId: string | null; reason: string }
export interface RoleChangedEvent { version: number; participantId: string; role: Role }
export interface QueueUpdatedEvent { version: number; queue: QueueItem[] }
/** One item's new tally and its new 0-based place in the queue; the others keep their order. */
export interface VoteUpdatedEvent { version: number; itemId: string; score: number; upvotes: number; downvotes: number; position: number }
/** Consecutive votes a busy session sent as one frame: versions fromVersion..version, in order. */
export interface VotesUpdatedEvent { version: number; fromVersion: number; votes: VoteUpdatedEvent[] }
/** The host or a moderator moved or (un)pinned one item: its new 0-based place; the others keep their order. */
export interface ItemMovedEvent { version: number; itemId: string; position: number; pinned: boolean }
export interface NowPlayingEvent { version: number; item: QueueItem | null; playback: Playback | null; reason: string }
/** `byId`: who played, paused or sought the watch party's film (absent when the party did it itself, and in a jam). */
export interface PlaybackUpdatedEvent { version: number; playback: Playback; byId?: string }
export interface HistoryUpdatedEvent { version: number; history: HistoryItem[] }
export interface SkipUpdatedEvent { version: number; votes: number; needed: number }
export interface SettingsUpdatedEvent { version: number; settings: Settings }
export interface KickedEvent { version: number; reason: string }
export interface ParticipantUnbannedEvent { version: number; participantId: string }
/** Someone the host removed (GetBans, host only). */
export interface Ban { participantId: string; name: string; joinedAt: number }
export interface SessionEndedEvent { version: number; reason: string; movie?: MovieResults }

/** A movie night's end summary (docs/movies.md#changing-course-during-the-pick): the pick, who came, likes and passes per film. */
export interface MovieResults { picked: MovieCard | null; matches: Match[]; ranking: RankingEntry[]; came: PersonRef[]; tally: RankingEntry[] }
export interface RelayEvent { eventName: string; data: unknown; senderId: string }
/** A reaction during the watch party: relayed, never stored, so no version. */
export interface ReactionEvent { emoji: string; byId: string; byName: string; at: number }
export interface DeckUpdatedEvent { version: number; cards: MovieCard[]; progress: Record<string, number>; matches: Match[]; ranking: RankingEntry[]; notice: string | null }
export interface MatchFoundEvent { version: number; movie: MovieCard; likedBy: string[] }

export interface ServerEvents {
  participantJoined: ParticipantJoinedEvent;
  participantLeft: ParticipantLeftEvent;
  hostChanged: HostChangedEvent;
  roleChanged: RoleChangedEvent;
  queueUpdated: QueueUpdatedEvent;
  voteUpdated: VoteUpdatedEvent;
  votesUpdated: VotesUpdatedEvent;
  itemMoved: ItemMovedEvent;
  nowPlaying: NowPlayingEvent;
  playbackUpdated: PlaybackUpdatedEvent;
  historyUpdated: HistoryUpdatedEvent;
  skipUpdated: SkipUpdatedEvent;
  settingsUpdated: SettingsUpdatedEvent;
  kicked: KickedEvent;
  participantUnbanned: ParticipantUnbannedEvent;
  sessionEnded: SessionEndedEvent;
  sessionExpiring: { version: number; expiresAt: number; reason: string };
  sessionKeptAlive: { version: number; participantId: string };
  deckUpdated: DeckUpdatedEvent;
  matchFound: MatchFoundEvent;
  watchPartyUpdated: { version: number; party: WatchParty };
  preferencesChanged: { version: number; preferences: MoviePreferences; byId: string; dropped: number[] };
  deckReadyUpdated: { version: number; ready: string[] | null };
  questionsUpdated: QuestionsUpdatedEvent;
  questionScoreUpdated: QuestionScoreUpdatedEvent;
  questionUpdated: QuestionUpdatedEvent;
  /** Consecutive questionScoreUpdated events a busy session's outbox sent in one frame; split on arrival. */
  questionScoresUpdated: { version: number; fromVersion: number; scores: QuestionScoreUpdatedEvent[] };
  moderationUpdated: ModerationUpdatedEvent;
  pollUpdated: PollUpdatedEvent;
  event: RelayEvent;
  reaction: ReactionEvent;
  /** Not versioned: the server is going away; the client reconnects and rejoins. */
  reconnect: { reason: string; retryAfterMs: number };
}

// The movie kind (docs/protocol.md, movie night).
export type MatchRule = 'all' | 'majority' | 'atLeastTwo';

export interface MovieCard {
  movieId: number; title: string; year: number | null; genreIds: number[]; runtimeMinutes: number | null; rating: number;
  providerIds: number[]; posterUrl: string | null; overview: string; likes: number; passes: number;
  suggestedBy: PersonRef | null; availabilityIsSample: boolean; matched: boolean;
  /** TMDB image paths (/abc.jpg); null when the film has none. Addresses come from useMovieImages. */
  posterPath?: string | null; backdropPath?: string | null;
}

export interface Match { movie: MovieCard; likedBy: string[]; matchedAt: number }

export interface RankingEntry { movieId: number; title: string; likes: number; passes: number; matched: boolean }

export interface MoviePreferences {
  genreIds: number[]; providerIds: number[]; region: string;
  yearFrom?: number | null; yearTo?: number | null; minRating?: number | null; maxRuntimeMinutes?: number | null;
}

export interface MovieDeck {
  cards: MovieCard[]; myChoices: Record<string, boolean>; progress: Record<string, number>; matchRule: MatchRule;
  matches: Match[]; ranking: RankingEntry[]; preferences: MoviePreferences; notice: string | null;
  /** The watch party beside its playback (absent from servers before the film folder). */
  party?: WatchParty;
  /** While the deck waits behind its ready check: who is ready (the host counts anyway); absent when open. */
  deckReady?: string[] | null;
}

/** The film folder's file everyone plays, who may control it, and who is buffering (waiting: paused until they are ready). */
/** `ready`: the ready check before the film starts, who tapped "Ready" (null when none runs; absent from older servers). */
/** `platform`: the streaming platform everyone opens the film on (null: none or the film folder's file; absent from older servers). */
export interface WatchParty {
  fileId: string | null; fileTitle: string | null; everyoneControls: boolean; buffering: string[]; waiting: boolean; ready?: string[] | null;
  platform?: WatchPlatform | null;
}

/** TMDB's provider id and name, and TMDB's watch page for the film (its buttons open the film on the platform). */
export interface WatchPlatform { providerId: number; name: string; link: string }

export interface Genre { id: number; name: string }
export interface Provider { id: number; name: string; logoUrl: string | null; displayPriority: number }
export interface CatalogList<T> { items: T[]; source: 'offline' | 'tmdb'; availabilityIsSample: boolean; notice: string | null }

export interface MovieSummary {
  movieId: number; title: string; year: number | null; genreIds: number[]; runtimeMinutes: number | null; rating: number;
  originalLanguage: string | null; overview: string; posterUrl: string | null; providerIds: number[];
}

export interface MoviePage {
  items: MovieSummary[]; page: number; pageSize: number; totalResults: number; hasMore: boolean;
  source: 'offline' | 'tmdb'; availabilityIsSample: boolean; notice: string | null;
}

// The classroom kind (docs/classroom.md). An anonymous question's author is null for everyone.
/** removed: deleted by a moderator, restorable; only moderators and the host see it. */
export type QuestionStatus = 'pending' | 'open' | 'answered' | 'hidden' | 'removed';

export interface Question {
  itemId: string; text: string; author: PersonRef | null; status: QuestionStatus; pinned: boolean; score: number;
  askedAt: number; answeredAt: number | null; editedAt: number | null; anonymous: boolean; mine: boolean;
}

export interface ClassroomState {
  questions: Question[]; myUpvotes: string[]; myQuestions: string[];
  /** The polls this client may see (drafts for moderators and the host), in creation order. */
  polls?: Poll[];
  myPollAnswers?: MyPollAnswer[];
  /** The word filter and the bans from asking (moderators and the host), or one's own ban. */
  moderation?: ModerationState | null;
}

export interface ModerationState { blockedWords: string[] | null; bannedFromAsking: string[] | null; askingBanned: boolean }
export interface ModerationUpdatedEvent { version: number; moderation: ModerationState }
/**
 * One question changed: its new state and position in this client's list, or question null when it
 * left the list. itemId null: the commit changed only questions this client may not see.
 */
export interface QuestionUpdatedEvent { version: number; itemId: string | null; question: Question | null; position: number }

// Polls (docs/classroom.md#polls): results are counts; answerers never travel.
export type PollKind = 'single' | 'multiple' | 'rating' | 'text' | 'quiz';
export interface PollResults { counts: number[]; words: { text: string; count: number }[]; average: number | null }
export interface Poll {
  pollId: string; kind: PollKind; question: string; options: string[]; status: 'draft' | 'open' | 'closed';
  allowChange: boolean; named: boolean; resultsLive: boolean; answerCount: number; createdAt: number;
  launchedAt: number | null; closedAt: number | null;
  /** null while this client may not see them (results at close). */
  results: PollResults | null;
  /** A quiz's right option: for participants only once closed. */
  correct: number | null;
  leaderboardShown: boolean; leaderboard: { name: string; score: number }[] | null;
}
export interface MyPollAnswer { pollId: string; choices: number[]; text: string | null; correct: boolean | null }
/** One poll changed: its new state and position, or poll null when it left this client's list. */
export interface PollUpdatedEvent { version: number; pollId: string; poll: Poll | null; position: number }

/** The list this client may see (its role decides), in display order: only after a role change now (questionUpdated carries the rest). */
export interface QuestionsUpdatedEvent { version: number; questions: Question[] }
/** An upvote changed one open question's score; the client re-sorts. */
export interface QuestionScoreUpdatedEvent { version: number; itemId: string; score: number }
export interface UpvoteResult { itemId: string; value: number; score: number }
