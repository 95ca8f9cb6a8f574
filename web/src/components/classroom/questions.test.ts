import { describe, expect, it } from 'vitest';
import type { ClassroomState, Question } from '../../types';
import { applyQuestionDelta, compareQuestions, parseBlockedWords } from './questions';

const q = (itemId: string, over: Partial<Question> = {}): Question => ({
  itemId, text: itemId, author: null, status: 'open', pinned: false, score: 0, askedAt: 1, answeredAt: null, editedAt: null,
  anonymous: true, mine: false, ...over,
});
const state = (questions: Question[], over: Partial<ClassroomState> = {}): ClassroomState =>
  ({ questions, myUpvotes: ['b'], myQuestions: [], ...over });

describe('questionUpdated deltas', () => {
  it('replaces a question at its new position and inserts a new one where the server says', () => {
    const c = state([q('a', { score: 2 }), q('b', { score: 1 }), q('c')]);
    const moved = applyQuestionDelta(c, { version: 2, itemId: 'c', question: q('c', { score: 3 }), position: 0 });
    expect(moved.questions.map((x) => [x.itemId, x.score])).toEqual([['c', 3], ['a', 2], ['b', 1]]);
    const added = applyQuestionDelta(c, { version: 2, itemId: 'd', question: q('d'), position: 2 });
    expect(added.questions.map((x) => x.itemId)).toEqual(['a', 'b', 'd', 'c']);
  });

  it('takes a question out (and the own upvote on it) when the delta carries none', () => {
    const next = applyQuestionDelta(state([q('a'), q('b')]), { version: 2, itemId: 'b', question: null, position: -1 });
    expect(next.questions.map((x) => x.itemId)).toEqual(['a']);
    expect(next.myUpvotes).toEqual([]);
  });

  it('changes nothing for a commit this client sees nothing of (no id), and remembers its own questions', () => {
    const c = state([q('a')]);
    expect(applyQuestionDelta(c, { version: 2, itemId: null, question: null, position: -1 })).toBe(c);
    const mine = applyQuestionDelta(c, { version: 3, itemId: 'm', question: q('m', { status: 'pending', mine: true }), position: 1 });
    expect(mine.myQuestions).toEqual(['m']);
    // A later delta made for the room (mine: false) keeps it marked as this client's.
    const approved = applyQuestionDelta(mine, { version: 4, itemId: 'm', question: q('m'), position: 1 });
    expect(approved.questions.find((x) => x.itemId === 'm')?.mine).toBe(true);
  });

  it('sorts removed questions last, after hidden ones', () => {
    const sorted = [q('r', { status: 'removed' }), q('h', { status: 'hidden' }), q('o')].sort(compareQuestions);
    expect(sorted.map((x) => x.itemId)).toEqual(['o', 'h', 'r']);
  });
});

describe('the word filter box', () => {
  it('splits on commas, semicolons and spaces', () => {
    expect(parseBlockedWords(' spam, école;darn\n  x ')).toEqual(['spam', 'école', 'darn', 'x']);
    expect(parseBlockedWords('  ')).toEqual([]);
  });
});
