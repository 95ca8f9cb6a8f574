import { describe, expect, it } from 'vitest';
import { deckReadyCount, filtersChangedText, summaryLines, withChoice } from './pickOptions';
import type { MovieResults, Participant } from './types';

const person = (participantId: string, present = true) => ({ participantId, name: participantId.toUpperCase(), role: 'member', present } as Participant);

describe('pick options', () => {
  it('withdraws a choice, keeping the others', () => {
    const mine = withChoice(withChoice({}, 1, true), 2, false);
    expect(mine).toEqual({ 1: true, 2: false });
    expect(withChoice(mine, 1, null)).toEqual({ 2: false });
    expect(withChoice(mine, 9, null)).toEqual(mine);
  });

  it('counts the host as ready and leaves out whoever left', () => {
    const people = [person('h'), person('a'), person('b'), person('gone', false)];
    expect(deckReadyCount([], people, 'h', 'a')).toEqual({ ready: 1, of: 3, mine: true });
    expect(deckReadyCount(['a'], people, 'h', 'a')).toEqual({ ready: 2, of: 3, mine: false });
    expect(deckReadyCount([], people, 'h', 'h').mine).toBe(false);
  });

  it('says who changed the filters', () => {
    expect(filtersChangedText('Ana', false, true)).toBe('The host changed the filters');
    expect(filtersChangedText('Mo', false, false)).toBe('Mo changed the filters');
    expect(filtersChangedText('Ana', true, true)).toBe('You changed the filters: a new deal');
  });

  it('writes the end summary: the pick, who came, likes and passes per film', () => {
    const results = {
      picked: { title: 'Heat' }, matches: [], ranking: [],
      came: [{ participantId: 'h', name: 'Ana' }, { participantId: 'b', name: 'Bea' }],
      tally: [{ movieId: 1, title: 'Heat', likes: 2, passes: 0, matched: true }, { movieId: 2, title: 'Up', likes: 1, passes: 1, matched: false }],
    } as unknown as MovieResults;
    expect(summaryLines(results)).toEqual({
      picked: 'Heat', came: 'Ana, Bea',
      films: ['Heat: 2 likes, 0 passes (match)', 'Up: 1 like, 1 pass'],
    });
    expect(summaryLines({ ...results, picked: null }).picked).toBeNull();
  });
});
