import { describe, expect, it } from 'vitest';
import { COUNTDOWN_MS, countdownText, msToNextChange, partyPositionText } from './platformParty';

// A countdown the server started at t = 10 s: "Play now" at 14 s on the server clock, from 42:10.
const start = 10_000;
const counting = { isPlaying: true, positionSeconds: 2530, updatedAt: start + COUNTDOWN_MS };

describe('countdownText', () => {
  it('shows Get ready, then 3, 2, 1 and Play now at the server moment', () => {
    expect(countdownText(counting, start)).toBe('Get ready');
    expect(countdownText(counting, start + 999)).toBe('Get ready');
    expect(countdownText(counting, start + 1_000)).toBe('3');
    expect(countdownText(counting, start + 1_001)).toBe('3');
    expect(countdownText(counting, start + 2_000)).toBe('2');
    expect(countdownText(counting, start + 3_500)).toBe('1');
    expect(countdownText(counting, start + 3_999)).toBe('1');
    expect(countdownText(counting, start + 4_000)).toBe('Play now');
    expect(countdownText(counting, start + 6_999)).toBe('Play now');
    expect(countdownText(counting, start + 7_000)).toBeNull();
  });

  it('shows nothing while the party is paused', () => {
    expect(countdownText({ ...counting, isPlaying: false }, start + 1_500)).toBeNull();
  });
});

describe('msToNextChange', () => {
  it('wakes at each step of the countdown, then at each second of the position', () => {
    expect(msToNextChange(counting, start)).toBe(1_000);
    expect(msToNextChange(counting, start + 1_200)).toBe(800);
    expect(msToNextChange(counting, start + 3_700)).toBe(300);
    expect(msToNextChange(counting, start + 4_000)).toBe(1_000);
    expect(msToNextChange(counting, start + 4_250)).toBe(750);
    expect(msToNextChange({ ...counting, isPlaying: false }, start)).toBeNull();
  });
});

describe('partyPositionText', () => {
  it('ticks from the server clock while playing, so a latecomer knows where to seek', () => {
    expect(partyPositionText(counting, start + 1_000, 0)).toBe('The party starts at 42:10');
    expect(partyPositionText(counting, start + 4_000 + 65_000, 0)).toBe('The party is at 43:15 — seek your player there');
    expect(partyPositionText({ ...counting, isPlaying: false }, start + 90_000, 0)).toBe('The party is paused at 42:10');
  });
});
