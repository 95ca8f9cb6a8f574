import type { ClassroomState, MyPollAnswer, Poll, PollUpdatedEvent } from '../../types';

/** A pollUpdated delta: the poll replaces (or joins at its position in) the list; null takes it out. */
export function applyPoll(c: ClassroomState, e: PollUpdatedEvent): ClassroomState {
  const rest = (c.polls ?? []).filter((p) => p.pollId !== e.pollId);
  if (!e.poll) return { ...c, polls: rest, myPollAnswers: (c.myPollAnswers ?? []).filter((a) => a.pollId !== e.pollId) };
  const polls = [...rest];
  polls.splice(Math.max(0, Math.min(e.position, polls.length)), 0, e.poll);
  return { ...c, polls };
}

/** The caller's own answer, as AnswerPoll returned it. */
export function applyMyAnswer(c: ClassroomState, answer: MyPollAnswer): ClassroomState {
  return { ...c, myPollAnswers: [...(c.myPollAnswers ?? []).filter((a) => a.pollId !== answer.pollId), answer] };
}

/**
 * The poll a projector shows: the open one, as the room may see it. The presenter joins as the host
 * (who sees everything), so results kept for the close and a quiz's right option are taken out here.
 */
export function activePoll(polls: Poll[] | undefined): Poll | null {
  const open = (polls ?? []).find((p) => p.status === 'open');
  return open ? { ...open, results: open.resultsLive ? open.results : null, correct: null } : null;
}

export const pollKindNames: Record<Poll['kind'], string> = {
  single: 'Single choice', multiple: 'Multiple choice', rating: 'Rating (1–5)', text: 'Open text (word cloud)', quiz: 'Quiz',
};

/** The rows a result chart shows: options (or 1–5 stars) with their counts. */
export function resultRows(p: Poll): { label: string; count: number; correct: boolean }[] {
  if (!p.results || p.kind === 'text') return [];
  const labels = p.kind === 'rating' ? ['1', '2', '3', '4', '5'].map((n) => `${n} ★`) : p.options;
  return labels.map((label, i) => ({ label, count: p.results!.counts[i] ?? 0, correct: p.correct === i }));
}
