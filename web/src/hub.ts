import { HttpTransportType, HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import { toHuddleError } from './errors';
import type { Ban, ServerEvents, SettingsPatch, Snapshot, Song, QueueItem, Role } from './types';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

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

/**
 * The typed door to /hubs/session. Every method with arguments takes one JSON object; every
 * failure comes back as a HuddleError whose code is the server's stable error code.
 */
export class HubClient {
  readonly connection: HubConnection;
  /** Estimated server clock minus local clock, in ms, from the lowest-round-trip Ping. */
  clockOffset = 0;
  private bestRtt = Number.POSITIVE_INFINITY;

  constructor(url = '/hubs/session') {
    this.connection = new HubConnectionBuilder()
      .withUrl(url, { transport: HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(500 * 2 ** ctx.previousRetryCount, 5000) })
      .configureLogging(LogLevel.None)
      .build();
  }

  get state(): HubConnectionState { return this.connection.state; }

  start(): Promise<void> { return this.connection.start(); }
  stop(): Promise<void> { return this.connection.stop(); }

  on<K extends keyof ServerEvents>(name: K, handler: (e: ServerEvents[K]) => void): void {
    this.connection.on(name, handler as (e: unknown) => void);
  }

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
}
