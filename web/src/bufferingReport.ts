// When a film player tells the watch party it buffers (ReportBuffering: everyone pauses and waits for
// it, Jellyfin SyncPlay's Waiting). Only real buffering may do that: the browser also raises `waiting`
// for every seek of a playing element, including the seeks the sync itself makes to follow a play,
// pause or seek. Reporting those paused the party, whose resume made every device seek again, which
// raised `waiting` again: the loop that broke the watch party (docs/movies.md, "What was wrong").

/** An own seek that is still loading after this long is real buffering: the party waits for it. */
export const OWN_SEEK_GRACE_MS = 1500;

export class BufferingReport {
  private sent = false;
  private ownSeek = false;
  private grace: ReturnType<typeof setTimeout> | null = null;

  /**
   * `send` tells the server (and may fail: then the next event reports again); `partyPlaying` reads the
   * party's latest state (buffering while the party is paused holds nobody up, so it is not reported).
   */
  constructor(private readonly send: (buffering: boolean) => Promise<void>, private readonly partyPlaying: () => boolean) {}

  /** The sync is about to seek the element. */
  seeking() { this.ownSeek = true; }

  /** The element's `waiting`: it cannot play on for lack of data. */
  waiting() {
    if (!this.partyPlaying()) return;
    if (!this.ownSeek) { this.report(true); return; }
    this.grace ??= setTimeout(() => {
      this.grace = null;
      if (this.partyPlaying()) this.report(true);
    }, OWN_SEEK_GRACE_MS);
  }

  /** The element's `seeked`: a later `waiting` is buffering again. */
  seeked() { this.ownSeek = false; }

  /** The element's `canplay` / `playing`: it has what it needs. */
  ready() {
    this.clearGrace();
    this.report(false);
  }

  /** The player goes away: a buffering report must not hold the others up. */
  dispose() {
    this.clearGrace();
    this.report(false);
  }

  private clearGrace() {
    if (this.grace !== null) clearTimeout(this.grace);
    this.grace = null;
  }

  private report(buffering: boolean) {
    if (this.sent === buffering) return;
    this.sent = buffering;
    this.send(buffering).catch(() => { this.sent = !buffering; });
  }
}
