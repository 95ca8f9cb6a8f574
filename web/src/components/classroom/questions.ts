import type { ClassroomState, Question, QuestionUpdatedEvent } from '../../types';

// The classroom's list logic on the client: the snapshot holds the whole list (what this client's
// role may see, already in order); then each change is one question with its position
// (questionUpdated), and an upvote one question's new score, re-sorted here with the server's rule,
// so a change costs the room one question, whatever the number of questions.

const group = (q: Question) =>
  q.status === 'open' ? (q.pinned ? 0 : 1) : q.status === 'pending' ? 2 : q.status === 'answered' ? 3 : q.status === 'hidden' ? 4 : 5;

/** The server's order: pinned, open by score desc then time asked, pending, answered (latest first), hidden. */
export function compareQuestions(a: Question, b: Question): number {
  const byGroup = group(a) - group(b);
  if (byGroup !== 0) return byGroup;
  if (a.status === 'open' && b.score !== a.score) return b.score - a.score;
  if (a.status === 'answered' && (b.answeredAt ?? 0) !== (a.answeredAt ?? 0)) return (b.answeredAt ?? 0) - (a.answeredAt ?? 0);
  return a.askedAt - b.askedAt; // Array.prototype.sort is stable: exact ties keep the server's order.
}

export function applyQuestions(c: ClassroomState, questions: Question[]): ClassroomState {
  const ids = new Set(questions.map((q) => q.itemId));
  const mine = new Set([...c.myQuestions, ...questions.filter((q) => q.mine).map((q) => q.itemId)]);
  return {
    questions: questions.map((q) => ({ ...q, mine: q.mine || mine.has(q.itemId) })),
    myUpvotes: c.myUpvotes.filter((id) => ids.has(id)),
    myQuestions: [...mine],
  };
}

/** A questionUpdated delta: the question replaces (or joins at its position in) the list; null takes it out. */
export function applyQuestionDelta(c: ClassroomState, e: QuestionUpdatedEvent): ClassroomState {
  if (e.itemId === null) return c; // a commit this client sees nothing of
  const rest = c.questions.filter((q) => q.itemId !== e.itemId);
  if (!e.question) return { ...c, questions: rest, myUpvotes: c.myUpvotes.filter((id) => id !== e.itemId) };
  const myQuestions = e.question.mine && !c.myQuestions.includes(e.itemId) ? [...c.myQuestions, e.itemId] : c.myQuestions;
  const questions = [...rest];
  questions.splice(Math.max(0, Math.min(e.position, questions.length)), 0, { ...e.question, mine: e.question.mine || myQuestions.includes(e.itemId) });
  return { ...c, questions, myQuestions };
}

export function applyQuestionScore(c: ClassroomState, itemId: string, score: number): ClassroomState {
  if (!c.questions.some((q) => q.itemId === itemId)) return c;
  const questions = c.questions.map((q) => (q.itemId === itemId ? { ...q, score } : q)).sort(compareQuestions);
  return { ...c, questions };
}

/** The question a projector shows: the pinned one, else the top open one. */
export function spotlight(questions: Question[]): Question | null {
  return questions.find((q) => q.status === 'open' && q.pinned) ?? questions.find((q) => q.status === 'open') ?? null;
}

/** A question cut for a button's accessible name. */
export const short = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

export const isMine = (c: ClassroomState, q: Question) => q.mine || c.myQuestions.includes(q.itemId);

// Unicode White_Space is exactly .NET's char.IsWhiteSpace, which string.Trim() uses (JavaScript's
// trim() also strips U+FEFF and keeps U+0085, so it would count differently at the edges).
const edges = /^\p{White_Space}+|\p{White_Space}+$/gu;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A question's length as the server counts it (Session.QuestionText): CRLF as one line break,
 * trimmed, then in user-perceived characters (grapheme clusters, .NET's text elements), so an
 * emoji or an accented letter made of two code points counts once.
 */
export function questionLength(text: string): number {
  const trimmed = text.replace(/\r\n/g, '\n').replace(edges, '');
  return [...graphemes.segment(trimmed)].length;
}

export const QUESTION_MAX = 500;

/** The word filter's box: words separated by commas, semicolons or white space (the server checks each). */
export function parseBlockedWords(text: string): string[] {
  return text.split(/[,;\s]+/u).map((w) => w.trim()).filter((w) => w.length > 0);
}
