import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BufferingReport, OWN_SEEK_GRACE_MS } from './bufferingReport';

describe('BufferingReport (when a film player makes the party wait)', () => {
  let sent: boolean[];
  let partyPlaying: boolean;
  let report: BufferingReport;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    partyPlaying = true;
    report = new BufferingReport(async (b) => { sent.push(b); }, () => partyPlaying);
  });
  afterEach(() => vi.useRealTimers());

  it('does not report the waiting raised by its own seek (the loop that paused the party on every play)', () => {
    report.seeking();
    report.waiting();
    report.seeked();
    report.ready();
    vi.advanceTimersByTime(OWN_SEEK_GRACE_MS * 2);
    expect(sent).toEqual([]);
  });

  it('reports an own seek that is still loading after the grace time, and its end', () => {
    report.seeking();
    report.waiting();
    vi.advanceTimersByTime(OWN_SEEK_GRACE_MS - 1);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([true]);
    report.seeked();
    report.ready();
    expect(sent).toEqual([true, false]);
  });

  it('reports buffering during playback at once, once, and when it can play again', () => {
    report.waiting();
    report.waiting();
    expect(sent).toEqual([true]);
    report.ready();
    report.ready();
    expect(sent).toEqual([true, false]);
  });

  it('after its own seek completed, a later waiting is buffering again', () => {
    report.seeking();
    report.seeked();
    report.waiting();
    expect(sent).toEqual([true]);
  });

  it('holds nobody up while the party is paused, also when the grace time ends after a pause', () => {
    partyPlaying = false;
    report.waiting();
    expect(sent).toEqual([]);
    partyPlaying = true;
    report.seeking();
    report.waiting();
    partyPlaying = false;
    vi.advanceTimersByTime(OWN_SEEK_GRACE_MS);
    expect(sent).toEqual([]);
  });

  it('reports again after a failed send, and clears a report when the player goes away', async () => {
    let fail = true;
    report = new BufferingReport(async (b) => { if (fail) throw new Error('offline'); sent.push(b); }, () => partyPlaying);
    report.waiting();
    await vi.runAllTimersAsync();
    fail = false;
    report.waiting();
    expect(sent).toEqual([true]);
    report.dispose();
    expect(sent).toEqual([true, false]);
  });
});
