import { useId, useState, type FormEvent } from 'react';
import type { SessionController } from '../../useSession';
import type { ModerationState, PersonRef, Question } from '../../types';
import { parseBlockedWords, short } from './questions';

// Moderators' tools of issue 20 (docs/classroom.md#moderation): the removed list (delete with
// undo), the word filter and bans from asking. The server decides; these only call it.

/** Questions a moderator deleted: only moderators and the host see them, and may bring them back. */
export function RemovedQuestions({ session, removed, active }: { session: SessionController; removed: Question[]; active: boolean }) {
  return (
    <details className="card hidden-list" open>
      <summary>Removed questions ({removed.length})</summary>
      <ul className="questions compact" aria-label="Removed questions">
        {removed.map((q) => (
          <li key={q.itemId} className="question-line">
            <p className="q-text"><bdi>{q.text}</bdi></p>
            {active && (
              <button type="button" className="button small" aria-label={`Restore: ${short(q.text)}`}
                onClick={() => session.run((h) => h.restoreQuestion(q.itemId))}>Restore</button>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** "Stop asking" on a named member's question (an anonymous author cannot be named, so not banned from here). */
export function AskingBanButton({ session, author }: { session: SessionController; author: PersonRef | null }) {
  const d = session.state.data!;
  const person = author && d.participants.find((p) => p.participantId === author.participantId);
  if (!person || person.role !== 'member' || d.session.status !== 'active') return null;
  const banned = d.classroom?.moderation?.bannedFromAsking?.includes(person.participantId) ?? false;
  return (
    <button type="button" className="button small ghost" aria-pressed={banned}
      aria-label={`${banned ? 'Let ask again' : 'Stop from asking'}: ${person.name}`}
      onClick={() => session.run((h) => (banned ? h.unbanFromAsking(person.participantId) : h.banFromAsking(person.participantId)))}>
      {banned ? 'Let ask again' : 'Stop asking'}
    </button>
  );
}

/** The word filter and who may not ask. */
export function ClassroomModeration({ session, moderation, active }: { session: SessionController; moderation: ModerationState; active: boolean }) {
  const d = session.state.data!;
  const saved = (moderation.blockedWords ?? []).join(', ');
  const [draft, setDraft] = useState<string | null>(null);
  const id = useId();
  const banned = (moderation.bannedFromAsking ?? []).map((pid) => d.participants.find((p) => p.participantId === pid) ?? { participantId: pid, name: 'Someone who left' });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await session.run(async (h) => { await h.setBlockedWords(parseBlockedWords(draft ?? saved)); return true; });
    if (ok) setDraft(null);
  };

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Moderation</h2>
      <form onSubmit={save} className="field">
        <label htmlFor={`${id}-words`}>Blocked words</label>
        <p className="muted small" id={`${id}-help`}>A question with one of these words (any case or accent) waits for approval.</p>
        <textarea id={`${id}-words`} rows={2} value={draft ?? saved} disabled={!active} aria-describedby={`${id}-help`}
          onChange={(e) => setDraft(e.target.value)} placeholder="word, another" />
        <div className="row wrap">
          <button type="submit" className="button small primary" disabled={!active || draft === null}>Save words</button>
        </div>
      </form>
      <h3>Stopped from asking <span className="count">{banned.length}</span></h3>
      {banned.length === 0 ? <p className="muted small">Nobody. Use “Stop asking” on a question.</p> : (
        <ul className="questions compact" aria-label="Stopped from asking">
          {banned.map((p) => (
            <li key={p.participantId} className="question-line row wrap">
              <bdi>{p.name}</bdi>
              {active && (
                <button type="button" className="button small" aria-label={`Let ask again: ${p.name}`}
                  onClick={() => session.run((h) => h.unbanFromAsking(p.participantId))}>Let ask again</button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
