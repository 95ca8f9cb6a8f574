import type { ClassroomState, Question } from '../../types';

// The classroom's list logic on the client: the server sends whole lists (what this client's role
// may see, already in order) and, for upvotes, one question's new score; the client re-sorts with
// the server's rule so a vote costs the room a 60-byte message instead of a list.

const group = (q: Question) =>
  q.status === 'open' ? (q.pinned ? 0 : 1) : q.status === 'pending' ? 2 : q.status === 'answered' ? 3 : 4;

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

export function applyQuestionScore(c: ClassroomState, itemId: string, score: number): ClassroomState {
  if (!c.questions.some((q) => q.itemId === itemId)) return c;
  const questions = c.questions.map((q) => (q.itemId === itemId ? { ...q, score } : q)).sort(compareQuestions);
  return { ...c, questions };
}

/** The question a projector shows: the pinned one, else the top open one. */
export function spotlight(questions: Question[]): Question | null {
  return questions.find((q) => q.status === 'open' && q.pinned) ?? questions.find((q) => q.status === 'open') ?? null;
}

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
