// The pick's options (docs/movies.md#changing-course-during-the-pick): pure helpers for the deck's ready
// check, the filters-changed notice, withdrawn choices and the end summary, unit-tested in pickOptions.test.ts.
import type { MovieResults, Participant } from './types';

/** My choices with one set (true like, false pass) or withdrawn (null). */
export function withChoice(choices: Record<string, boolean>, movieId: number, like: boolean | null): Record<string, boolean> {
  if (like !== null) return { ...choices, [movieId]: like };
  const { [movieId]: _withdrawn, ...rest } = choices;
  return rest;
}

/** What everyone sees when the filters change mid-pick. */
export function filtersChangedText(name: string, isMe: boolean, isHost: boolean): string {
  if (isMe) return 'You changed the filters: a new deal';
  return isHost ? 'The host changed the filters' : `${name} changed the filters`;
}

/**
 * The deck's ready check: how many of the people present are ready, counting the host (always ready, as the
 * server does) and leaving out whoever left; `mine` says whether this participant still has to tap.
 */
export function deckReadyCount(ready: string[], participants: Participant[], hostId: string | null, myId: string) {
  const present = participants.filter((p) => p.present);
  const isReady = (id: string) => id === hostId || ready.includes(id);
  return { ready: present.filter((p) => isReady(p.participantId)).length, of: present.length, mine: !isReady(myId) };
}

/** The end summary's lines: the pick, who came, and each film's likes and passes, best first. */
export function summaryLines(results: MovieResults): { picked: string | null; came: string; films: string[] } {
  const count = (n: number, word: string, plural: string) => `${n} ${n === 1 ? word : plural}`;
  return {
    picked: results.picked?.title ?? null,
    came: results.came.map((p) => p.name).join(', '),
    films: results.tally.map((t) => `${t.title}: ${count(t.likes, 'like', 'likes')}, ${count(t.passes, 'pass', 'passes')}${t.matched ? ' (match)' : ''}`),
  };
}
