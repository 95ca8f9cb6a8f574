import { describe, expect, it } from 'vitest';
import { watchNotice } from './watchNotice';

const ana = { name: 'Ana', isMe: false };
const me = { name: 'Bob', isMe: true };
const playing = (positionSeconds: number, updatedAt: number) => ({ isPlaying: true, positionSeconds, updatedAt });
const paused = (positionSeconds: number, updatedAt: number) => ({ isPlaying: false, positionSeconds, updatedAt });

describe('watchNotice (who played, paused or sought the film)', () => {
  it('names who paused and who pressed play, "You" on their own device', () => {
    expect(watchNotice(playing(10, 0), paused(15, 5_000), ana)).toBe('Ana paused');
    expect(watchNotice(paused(15, 5_000), playing(15, 9_000), ana)).toBe('Ana pressed play');
    expect(watchNotice(playing(10, 0), paused(15, 5_000), me)).toBe('You paused');
  });

  it('says where to when the position jumps', () => {
    expect(watchNotice(paused(125, 0), paused(0, 3_000), ana)).toBe('Ana jumped to 0:00');
    expect(watchNotice(playing(10, 0), playing(3_725, 2_000), ana)).toBe('Ana jumped to 1:02:05');
    expect(watchNotice(playing(10, 0), paused(90, 5_000), ana)).toBe('Ana paused at 1:30');
    expect(watchNotice(paused(90, 0), playing(0, 5_000), ana)).toBe('Ana pressed play at 0:00');
  });

  it('says nothing when nothing a viewer would notice changed', () => {
    // Paused again where it already was (a pause that cancels a resume while someone buffers).
    expect(watchNotice(paused(40, 0), paused(40, 1_000), ana)).toBeNull();
    // A play re-sent a moment later, within the network delay of where the film is anyway.
    expect(watchNotice(playing(10, 0), playing(11, 1_000), ana)).toBeNull();
  });

  it('on a streaming platform always says where, so everyone pauses or starts their own player there', () => {
    expect(watchNotice(playing(2_500, 0), paused(2_530, 30_000), ana, true)).toBe('Ana paused at 42:10');
    expect(watchNotice(paused(2_530, 0), playing(2_530, 14_000), me, true)).toBe('You started the 3-2-1 from 42:10');
  });
});
