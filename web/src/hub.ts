import { HttpTransportType, HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import { HuddleError, toHuddleError } from './errors';
import type { AvailabilityChanged, BookingChanged, Notes, RoomSnapshot } from './coaching/api';
import type { Ban, MoviePreferences, MyPollAnswer, Poll, PollKind, Question, ServerEvents, SettingsPatch, Snapshot, Song, QueueItem, Role, UpvoteResult } from './types';

// The web app's one door to /hubs/session, for every kind: it builds the connection (transports,
// retry delays, the account's token), orders the versioned events against the snapshot
// (docs/protocol.md §1.2), rejoins after every reconnect, and turns every failure into a
// HuddleError with the server's code. Screens never build a HubConnection or call invoke by name.

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** The coaching screens' events (docs/coaching.md): the room's notes and the calendar's changes. */
export interface CoachingEvents {
  notesUpdated: Notes & { version: number };
  availabilityChanged: AvailabilityChanged;
  bookingChanged: BookingChanged;
}

type EventName = keyof ServerEvents | keyof CoachingEvents;
type EventOf<K extends EventName> = K extends keyof ServerEvents ? ServerEvents[K] : K extends keyof CoachingEvents ? CoachingEvents[K] : never;

/** Reconnect delays: 0.5 s, 1 s, 2 s, 4 s, then every 5 s. */
const retryDelay = (attempt: number) => Math.min(500 * 2 ** attempt, 5000);

/**
 * The hub's address for one session. The `session` parameter is for the load balancer only: nginx
 * hashes on it (docs/nginx/huddle.conf), so everyone in a session reaches the same node and that
 * node's commits never race another node's. The server ignores it. Codes are case-insensitive, so
 * the parameter is normalized the way the server normalizes a code.
 */
export function sessionHubUrl(session: string): string {
  const key = session.trim().replace(/[-\s]/g, '').toUpperCase();
  return `/hubs/session?session=${encodeURIComponent(key)}`;
}

export interface HubOptions {
  /** The account's JWT, read again on every (re)connect: the coaching screens sign in with it. */
  accessToken?: () => string;
}

/**
 * The typed door to /hubs/session. Every method with arguments takes one JSON object; every
 * failure comes back as a HuddleError whose code is the server's stable error code.
 */
export class HubClient {
  // Private: a screen that needs another hub method adds a typed one here, never invokes by name.
  private readonly connection: HubConnection;
  /** Estimated server clock minus local clock, in ms, from the lowest-round-trip Ping. */
  clockOffset = 0;
  private bestRtt = Number.POSITIVE_INFINITY;

  constructor(url = '/hubs/session', options: HubOptions = {}) {
    this.connection = new HubConnectionBuilder()
      .withUrl(url, {
        transport: HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling,
        ...(options.accessToken ? { accessTokenFactory: options.accessToken } : {}),
      })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => retryDelay(ctx.previousRetryCount) })
      .configureLogging(LogLevel.None)
      .build();
  }

  get state(): HubConnectionState { return this.connection.state; }
  get connected(): boolean { return this.connection.state === HubConnectionState.Connected; }

  start(): Promise<void> { return this.connection.start(); }
  stop(): Promise<void> { return this.connection.stop(); }

  on<K extends EventName>(name: K, handler: (e: EventOf<K>) => void): void {
    this.connection.on(name, handler as (e: unknown) => void);
  }

  /** Removes a handler added with on (a component's subscription ends with it). */
  off<K extends EventName>(name: K, handler: (e: EventOf<K>) => void): void {
    this.connection.off(name, handler as (e: unknown) => void);
  }

  onReconnecting(handler: () => void): void { this.connection.onreconnecting(handler); }
  onReconnected(handler: () => void): void { this.connection.onreconnected(handler); }
  onClose(handler: () => void): void { this.connection.onclose(handler); }

  private async invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    try {
      return await this.connection.invoke<T>(method, ...args);
    } catch (e) {
      throw toHuddleError(e);
    }
  }

  /** NTP-style: offset = server time − midpoint of the round trip; keeps the lowest-RTT sample. */
  async syncClock(samples = 5): Promise<void> {
    for (let i = 0; i < samples; i++) {
      const t0 = Date.now();
      const server = await this.invoke<number>('Ping');
      const t1 = Date.now();
      const rtt = t1 - t0;
      if (rtt <= this.bestRtt) {
        this.bestRtt = rtt;
        this.clockOffset = server - (t0 + t1) / 2;
      }
    }
  }

  serverNow(): number { return Date.now() + this.clockOffset; }

  joinSession(args: { code: string; name?: string; participantToken?: string; deviceId?: string }) { return this.invoke<Snapshot>('JoinSession', args); }
  leaveSession() { return this.invoke<void>('LeaveSession'); }
  getSnapshot() { return this.invoke<Snapshot>('GetSnapshot'); }
  addToQueue(catalogId: string) { return this.invoke<QueueItem>('AddToQueue', { catalogId }); }
  vote(itemId: string, value: -1 | 0 | 1) { return this.invoke<void>('Vote', { itemId, value }); }
  removeFromQueue(itemId: string) { return this.invoke<void>('RemoveFromQueue', { itemId }); }
  moveToTop(itemId: string) { return this.invoke<void>('MoveToTop', { itemId }); }
  pinItem(itemId: string, pinned: boolean) { return this.invoke<void>('PinItem', { itemId, pinned }); }
  playNext() { return this.invoke<void>('PlayNext'); }
  updatePlayback(isPlaying: boolean, positionSeconds: number) { return this.invoke<void>('UpdatePlayback', { isPlaying, positionSeconds }); }
  voteSkip() { return this.invoke<void>('VoteSkip'); }
  getRecommendations(limit = 10) { return this.invoke<Song[]>('GetRecommendations', { limit }); }
  updateSettings(patch: SettingsPatch) { return this.invoke<void>('UpdateSettings', patch); }
  setRole(participantId: string, role: Exclude<Role, 'host'>) { return this.invoke<void>('SetRole', { participantId, role }); }
  transferHost(participantId: string) { return this.invoke<void>('TransferHost', { participantId }); }
  kick(participantId: string) { return this.invoke<void>('Kick', { participantId }); }
  unban(participantId: string) { return this.invoke<void>('Unban', { participantId }); }
  getBans() { return this.invoke<Ban[]>('GetBans'); }
  endSession() { return this.invoke<void>('EndSession'); }
  keepAlive() { return this.invoke<void>('KeepAlive'); }
  broadcast(eventName: string, data: unknown) { return this.invoke<void>('Broadcast', { eventName, data }); }
  swipe(movieId: number, like: boolean) { return this.invoke<void>('Swipe', { movieId, like }); }
  suggestMovie(movieId: number) { return this.invoke<void>('SuggestMovie', { movieId }); }
  /** Without an id the server picks the best-ranked match. */
  pickMovie(movieId?: number) { return this.invoke<void>('PickMovie', movieId === undefined ? {} : { movieId }); }
  dealMore() { return this.invoke<number>('DealMore'); }
  chooseWatchFile(fileId: string | null) { return this.invoke<void>('ChooseWatchFile', { fileId }); }
  setWatchControl(everyone: boolean) { return this.invoke<void>('SetWatchControl', { everyone }); }
  chooseWatchPlatform(providerId: number | null) { return this.invoke<void>('ChooseWatchPlatform', { providerId }); }
  startCountdown() { return this.invoke<void>('StartCountdown'); }
  reportBuffering(buffering: boolean) { return this.invoke<void>('ReportBuffering', { buffering }); }
  startReadyCheck() { return this.invoke<void>('StartReadyCheck'); }
  markReady() { return this.invoke<void>('MarkReady'); }
  changePreferences(preferences: MoviePreferences) { return this.invoke<void>('ChangePreferences', preferences); }
  startDeckReadyCheck() { return this.invoke<void>('StartDeckReadyCheck'); }
  markDeckReady() { return this.invoke<void>('MarkDeckReady'); }
  openDeck() { return this.invoke<void>('OpenDeck'); }
  unswipe(movieId: number) { return this.invoke<void>('Unswipe', { movieId }); }
  react(emoji: string) { return this.invoke<void>('React', { emoji }); }

  // The classroom kind.
  askQuestion(text: string, anonymous: boolean) { return this.invoke<Question>('AskQuestion', { text, anonymous }); }
  upvoteQuestion(itemId: string, value: 0 | 1) { return this.invoke<UpvoteResult>('UpvoteQuestion', { itemId, value }); }
  editQuestion(itemId: string, text: string) { return this.invoke<void>('EditQuestion', { itemId, text }); }
  deleteQuestion(itemId: string) { return this.invoke<void>('DeleteQuestion', { itemId }); }
  markAnswered(itemId: string) { return this.invoke<void>('MarkAnswered', { itemId }); }
  /** null unpins. */
  pinQuestion(itemId: string | null) { return this.invoke<void>('PinQuestion', { itemId }); }
  hideQuestion(itemId: string) { return this.invoke<void>('HideQuestion', { itemId }); }
  restoreQuestion(itemId: string) { return this.invoke<void>('RestoreQuestion', { itemId }); }
  setBlockedWords(words: string[]) { return this.invoke<void>('SetBlockedWords', { words }); }
  banFromAsking(participantId: string) { return this.invoke<void>('BanFromAsking', { participantId }); }
  unbanFromAsking(participantId: string) { return this.invoke<void>('UnbanFromAsking', { participantId }); }
  approveQuestion(itemId: string) { return this.invoke<void>('ApproveQuestion', { itemId }); }
  createPoll(poll: { kind: PollKind; question: string; options?: string[]; correct?: number; allowChange: boolean; named: boolean; resultsLive: boolean }) {
    return this.invoke<Poll>('CreatePoll', poll);
  }
  launchPoll(pollId: string) { return this.invoke<void>('LaunchPoll', { pollId }); }
  closePoll(pollId: string) { return this.invoke<void>('ClosePoll', { pollId }); }
  deletePoll(pollId: string) { return this.invoke<void>('DeletePoll', { pollId }); }
  answerPoll(pollId: string, choices: number[], text?: string) {
    return this.invoke<MyPollAnswer>('AnswerPoll', text === undefined ? { pollId, choices } : { pollId, text });
  }
  showLeaderboard(pollId: string, shown: boolean) { return this.invoke<void>('ShowLeaderboard', { pollId, shown }); }

  // Coaching: the live room (joined with the account, no name or token) and the calendar's watches.
  joinRoom(code: string) { return this.invoke<RoomSnapshot>('JoinSession', { code }); }
  getRoomSnapshot() { return this.invoke<RoomSnapshot>('GetSnapshot'); }
  updateNotes(text: string) { return this.invoke<void>('UpdateNotes', { text }); }
  watchCoach(coachId: string) { return this.invoke<void>('WatchCoach', { coachId }); }
  watchDirectory() { return this.invoke<void>('WatchDirectory'); }
}

/** What EventOrder says about one event. */
export type Verdict = 'apply' | 'held' | 'stale' | 'gap';

/**
 * The ordering rules of docs/protocol.md §1.2, pure. While a snapshot is on its way (a join or a
 * resync), events wait: another party's commit can reach this connection before the snapshot does.
 * Then events the snapshot holds (version <= base) are stale; the same commit (version == last,
 * one commit sends several events) and the next (last + 1) apply; anything later means a commit
 * was missed: take a fresh snapshot.
 */
export class EventOrder<E extends { version: number }> {
  private base = 0;
  private last = 0;
  private waiting: E[] | null = [];

  get syncing(): boolean { return this.waiting !== null; }

  /** A snapshot is on its way: events wait for it. */
  hold(): void { this.waiting = []; }

  /** No snapshot came (the request failed): events flow again against the old base; those held are dropped. */
  resume(): void { this.waiting = null; }

  offer(e: E): Verdict {
    if (this.waiting) { this.waiting.push(e); return 'held'; }
    if (e.version <= this.base || e.version < this.last) return 'stale';
    if (e.version > this.last + 1) return 'gap';
    this.last = e.version;
    return 'apply';
  }

  /** The snapshot at `version` is here: returns the events that waited, to offer again in order. */
  adopt(version: number): E[] {
    this.base = this.last = version;
    const held = this.waiting ?? [];
    this.waiting = null;
    return held;
  }
}

export interface FeedOptions<S> {
  /** Joins; its snapshot is the new base. Runs once connected and again after every reconnect. */
  join: () => Promise<S>;
  /** A fresh snapshot after a missed commit (GetSnapshot). */
  resync: () => Promise<S>;
  version: (snapshot: S) => number;
  /** The snapshot, before the events that waited for it are applied. */
  snapshot: (snapshot: S) => void;
  status?: (status: ConnectionStatus) => void;
  /** A refused join: true when it is final (the connection closes and stays closed). */
  joinFailed: (error: HuddleError) => boolean;
}

type Held = { version: number; run: () => void };

/**
 * One joined session on a HubClient: connects (retrying until it works: behind a load balancer
 * the next attempt may reach another node), joins, applies the versioned events registered with
 * `on` in protocol order, resyncs on a gap, and rejoins after every reconnect or closed connection
 * until stopped or finished (a final join refusal, or `finish`).
 */
export class SessionFeed<S> {
  private readonly order = new EventOrder<Held>();
  private stopped = false;
  private finished = false;

  constructor(readonly hub: HubClient, private readonly options: FeedOptions<S>) {
    hub.onReconnecting(() => options.status?.('reconnecting'));
    hub.onReconnected(() => {
      options.status?.('connected');
      void this.join();
    });
    hub.onClose(() => {
      if (this.stopped) return;
      if (this.finished) { options.status?.('disconnected'); return; }
      options.status?.('reconnecting');
      void this.connect();
    });
  }

  /** A versioned event, applied in order (see EventOrder). */
  on<K extends EventName>(name: K, handler: (e: EventOf<K>) => void): void {
    this.hub.on(name, (e) => this.offer(e as { version: number }, () => handler(e)));
  }

  /** One event of a batch (votesUpdated carries several commits), in order like the others. */
  offer(e: { version: number }, run: () => void): void {
    this.take({ version: e.version, run });
  }

  start(): void { void this.connect(); }

  /** The session is over for this client (kicked): the connection closes and stays closed. */
  finish(): void {
    this.finished = true;
    void this.hub.stop();
  }

  stop(): void {
    this.stopped = true;
    void this.hub.stop();
  }

  private take(e: Held): void {
    switch (this.order.offer(e)) {
      case 'apply': e.run(); return;
      case 'gap': void this.resync(); return;
      case 'held':
      case 'stale':
        return;
    }
  }

  private adopt(snapshot: S): void {
    const held = this.order.adopt(this.options.version(snapshot));
    this.options.snapshot(snapshot);
    for (const e of held) this.take(e);
  }

  private async resync(): Promise<void> {
    if (this.order.syncing) return;
    this.order.hold();
    try {
      this.adopt(await this.options.resync());
    } catch {
      this.order.resume();
    }
  }

  private async join(): Promise<void> {
    this.order.hold();
    try {
      this.adopt(await this.options.join());
    } catch (e) {
      if (this.options.joinFailed(toHuddleError(e))) this.finish();
    }
  }

  private async connect(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.hub.start();
        break;
      } catch {
        this.options.status?.('reconnecting');
        await new Promise((r) => setTimeout(r, retryDelay(attempt)));
      }
    }
    if (this.stopped) return;
    this.options.status?.('connected');
    await this.join();
  }
}
