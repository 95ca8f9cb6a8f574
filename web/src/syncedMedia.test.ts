import { describe, expect, it } from 'vitest';
import { MAX_DRIFT_SECONDS, syncStep } from './syncedMedia';

const now = 100_000;
const playingFrom = (positionSeconds: number) => ({ isPlaying: true, positionSeconds, updatedAt: now });
const pausedAt = (positionSeconds: number) => ({ isPlaying: false, positionSeconds, updatedAt: now });
const el = (currentTime: number, paused: boolean, seeking = false) => ({ currentTime, paused, seeking });

describe('syncStep (keeping a media element at the session position)', () => {
  it('starts a paused element where the party plays without seeking by a network delay', () => {
    // The play reached this device 80 ms after the server decided it: no seek (a seek stalls playback).
    expect(syncStep(el(10, true), playingFrom(10), now + 80, 600, true)).toEqual({ seekTo: null, play: true, pause: false });
  });

  it('stops a playing element on the paused frame', () => {
    expect(syncStep(el(10.2, false), pausedAt(10), now, 600, true)).toEqual({ seekTo: 10, play: false, pause: true });
  });

  it('follows a seek at once, and seeks to where the party is now while it plays', () => {
    expect(syncStep(el(40, false), playingFrom(0), now + 2000, 600, true)).toEqual({ seekTo: 2, play: false, pause: false });
  });

  it('corrects drift beyond the tolerance only, and not while its own seek still loads', () => {
    expect(syncStep(el(12 - MAX_DRIFT_SECONDS / 2, false), playingFrom(10), now + 2000, 600, false).seekTo).toBeNull();
    expect(syncStep(el(11, false), playingFrom(10), now + 2000, 600, false).seekTo).toBe(12);
    expect(syncStep(el(11, false, true), playingFrom(10), now + 2000, 600, false).seekTo).toBeNull();
  });

  it('applies a pause the element missed on the next check, not only while the party plays', () => {
    // The pause arrived while the element was mid-seek and it played on: the periodic check stops it there.
    expect(syncStep(el(10.5, false), pausedAt(10), now + 5000, 600, false)).toEqual({ seekTo: 10, play: false, pause: true });
    expect(syncStep(el(10, true), playingFrom(10), now, 600, false)).toEqual({ seekTo: null, play: true, pause: false });
  });

  it('never seeks past the end', () => {
    expect(syncStep(el(0, true), playingFrom(595), now + 60_000, 600, true).seekTo).toBe(600);
  });
});
