import { describe, expect, it } from 'vitest';
import { roomLine, type OwnedRoom } from './ownedRooms';

const room = (over: Partial<OwnedRoom>): OwnedRoom => ({
  id: 'id', code: 'FEAJHR', title: 'Physics', status: 'active', createdAt: 1, endedAt: null, questions: 0, joinUrl: 'http://x/join/FEAJHR', ...over,
});

describe('roomLine', () => {
  it('names the code, the state and the number of questions', () => {
    expect(roomLine(room({ questions: 12 }))).toBe('FEAJHR · active · 12 questions');
    expect(roomLine(room({ status: 'ended', endedAt: 2, questions: 1 }))).toBe('FEAJHR · ended · 1 question');
  });
});
