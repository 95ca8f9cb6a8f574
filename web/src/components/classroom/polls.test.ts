import { describe, expect, it } from 'vitest';
import type { ClassroomState, Poll } from '../../types';
import { activePoll, applyPoll } from './polls';

const poll = (pollId: string, over: Partial<Poll> = {}): Poll => ({
  pollId, kind: 'single', question: pollId, options: ['A', 'B'], status: 'open', allowChange: true, named: false,
  resultsLive: true, answerCount: 0, createdAt: 0, launchedAt: 0, closedAt: null, results: { counts: [0, 0], words: [], average: null },
  correct: null, leaderboardShown: false, leaderboard: null, ...over,
});
const state = (polls: Poll[]): ClassroomState => ({ questions: [], myUpvotes: [], myQuestions: [], polls, myPollAnswers: [{ pollId: 'b', choices: [0], text: null, correct: null }] });

describe('pollUpdated deltas', () => {
  it('replaces a poll in place and inserts a new one at its position', () => {
    const c = state([poll('a'), poll('b')]);
    expect(applyPoll(c, { version: 2, pollId: 'b', poll: poll('b', { answerCount: 3 }), position: 1 }).polls!.map((p) => [p.pollId, p.answerCount]))
      .toEqual([['a', 0], ['b', 3]]);
    expect(applyPoll(c, { version: 2, pollId: 'x', poll: poll('x'), position: 1 }).polls!.map((p) => p.pollId)).toEqual(['a', 'x', 'b']);
  });

  it('takes a poll out (and the own answer to it) when the delta carries none', () => {
    const next = applyPoll(state([poll('a'), poll('b')]), { version: 2, pollId: 'b', poll: null, position: -1 });
    expect(next.polls!.map((p) => p.pollId)).toEqual(['a']);
    expect(next.myPollAnswers).toEqual([]);
  });
});

describe('the projector', () => {
  it('shows the open poll as the room sees it: no results kept for the close, no quiz answer', () => {
    const shown = activePoll([poll('a', { status: 'closed' }), poll('q', { kind: 'quiz', correct: 1, resultsLive: false })]);
    expect(shown?.pollId).toBe('q');
    expect(shown?.results).toBeNull();
    expect(shown?.correct).toBeNull();
    expect(activePoll([poll('a', { status: 'draft' })])).toBeNull();
  });
});
