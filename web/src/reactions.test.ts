import { describe, expect, it } from 'vitest';
import { FLOAT_MS, FloatingReactions, MAX_FLOATING, REACTION_EMOJI } from './reactions';

const from = (byId: string, emoji = '🍿') => ({ emoji, byId, byName: byId === 'me' ? 'Me' : 'Gia', at: 0 });

describe('FloatingReactions', () => {
  it('shows a reaction with the sender name, "You" for mine, until its moment is over', () => {
    let s = new FloatingReactions().add(from('gia'), 'me', 1000).add(from('me', '😂'), 'me', 2000);

    expect(s.list.map((r) => [r.emoji, r.name])).toEqual([['🍿', 'Gia'], ['😂', 'You']]);
    expect(s.nextExpiry()).toBe(1000 + FLOAT_MS);
    expect(s.expire(1000 + FLOAT_MS - 1)).toBe(s); // nothing over: same state, no render
    s = s.expire(1000 + FLOAT_MS);
    expect(s.list.map((r) => r.name)).toEqual(['You']);
    s = s.expire(2000 + FLOAT_MS);
    expect(s.list).toEqual([]);
    expect(s.nextExpiry()).toBeNull();
  });

  it('keeps at most MAX_FLOATING, dropping the oldest, with distinct ids and places on screen', () => {
    let s = new FloatingReactions();
    for (let i = 0; i < MAX_FLOATING + 3; i++) s = s.add(from('gia', REACTION_EMOJI[i % REACTION_EMOJI.length]), 'me', 1000 + i);

    expect(s.list).toHaveLength(MAX_FLOATING);
    expect(s.list[0].until).toBe(1003 + FLOAT_MS);
    expect(new Set(s.list.map((r) => r.id)).size).toBe(MAX_FLOATING);
    expect(s.list.every((r) => r.left >= 5 && r.left <= 95)).toBe(true);
    expect(s.list[1].left).not.toBe(s.list[0].left);
  });

  it('offers exactly the server list', () => {
    expect(REACTION_EMOJI).toEqual(['👍', '😂', '😮', '😢', '❤️', '🍿']);
  });
});
