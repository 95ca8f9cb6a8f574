import { describe, expect, it } from 'vitest';
import { readyCount } from './ReadyCheck';

const person = (participantId: string, present = true) => ({ participantId, name: participantId, role: 'member' as const, present, joinedAt: 0 });

describe('readyCount (the host sees N/M ready)', () => {
  it('counts the people present who tapped Ready, of everyone present', () => {
    expect(readyCount(['ann', 'bob'], [person('ann'), person('bob'), person('cy')])).toEqual({ ready: 2, of: 3 });
  });

  it('does not count someone who left, ready or not', () => {
    expect(readyCount(['ann', 'bob'], [person('ann'), person('bob', false), person('cy', false)])).toEqual({ ready: 1, of: 1 });
  });
});
