// Wire shapes, mirroring src/Huddle.Server/Contracts/Dtos.cs (camelCase JSON, times in Unix ms).

export type Kind = 'jam' | 'room';
export type Role = 'host' | 'moderator' | 'member';

export interface PersonRef { participantId: string; name: string }

export interface Participant { participantId: string; name: string; role: Role; present: boolean; joinedAt: number }

export interface QueueItem {
  itemId: string; catalogId: string; title: string; artist: string; genre: string; durationSeconds: number;
  addedBy: PersonRef; addedAt: number; score: number; upvotes: number; downvotes: number;
}

export interface HistoryItem {
  itemId: string; catalogId: string; title: string; artist: string; genre: string; durationSeconds: number;
  addedBy: PersonRef; addedAt: number; score: number; playedAt: number;
}

export interface Playback { isPlaying: boolean; positionSeconds: number; updatedAt: number }

export interface NowPlaying { item: QueueItem; playback: Playback; startedAt?: number }

export interface Skip { votes: number; needed: number }

export interface Settings {
  allowVoting: boolean; maxQueueSize: number; autoPlay: boolean; skipThreshold: number;
  allowAnonymous: boolean; moderation: boolean; maxParticipants: number;
}

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
}

export interface Song {
  id: string; title: string; artist: string; album: string; year: number; genre: string;
  durationSeconds: number; hasAudio: boolean;
}

export interface SongPage { items: Song[]; count: number }

export interface SessionSummary {
  id: string; code: string; kind: Kind; title: string; status: 'active' | 'ended'; hostName: string | null;
  participantCount: number; createdAt: number; endedAt: number | null; joinUrl: string; history: HistoryItem[];
}

export interface CreateSessionRequest { kind: Kind; hostName: string; title?: string; settings?: SettingsPatch }

export interface CreatedSession {
  id: string; code: string; kind: Kind; title: string; joinUrl: string;
  participantId: string; participantToken: string; snapshot: Snapshot;
}

// Server → client events (ISessionClient). Each carries the version it brings the client to,
// except the relay event, which is never stored.
export interface ParticipantJoinedEvent { version: number; participant: Participant }
export interface ParticipantLeftEvent { version: number; participantId: string; reason: 'left' | 'disconnected' | 'kicked' | string }
export interface HostChangedEvent { version: number; participantId: string | null; previousHostId: string | null; reason: string }
export interface RoleChangedEvent { version: number; participantId: string; role: Role }
export interface QueueUpdatedEvent { version: number; queue: QueueItem[] }
/** One item's new tally and its new 0-based place in the queue; the others keep their order. */
export interface VoteUpdatedEvent { version: number; itemId: string; score: number; upvotes: number; downvotes: number; position: number }
export interface NowPlayingEvent { version: number; item: QueueItem | null; playback: Playback | null; reason: string }
export interface PlaybackUpdatedEvent { version: number; playback: Playback }
export interface HistoryUpdatedEvent { version: number; history: HistoryItem[] }
export interface SkipUpdatedEvent { version: number; votes: number; needed: number }
export interface SettingsUpdatedEvent { version: number; settings: Settings }
export interface KickedEvent { version: number; reason: string }
export interface SessionEndedEvent { version: number; reason: string }
export interface RelayEvent { eventName: string; data: unknown; senderId: string }

export interface ServerEvents {
  participantJoined: ParticipantJoinedEvent;
  participantLeft: ParticipantLeftEvent;
  hostChanged: HostChangedEvent;
  roleChanged: RoleChangedEvent;
  queueUpdated: QueueUpdatedEvent;
  voteUpdated: VoteUpdatedEvent;
  nowPlaying: NowPlayingEvent;
  playbackUpdated: PlaybackUpdatedEvent;
  historyUpdated: HistoryUpdatedEvent;
  skipUpdated: SkipUpdatedEvent;
  settingsUpdated: SettingsUpdatedEvent;
  kicked: KickedEvent;
  sessionEnded: SessionEndedEvent;
  event: RelayEvent;
  /** Not versioned: the server is going away; the client reconnects and rejoins. */
  reconnect: { reason: string; retryAfterMs: number };
}
