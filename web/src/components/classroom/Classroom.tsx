import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { SessionController } from '../../useSession';
import type { ClassroomState, Question, SessionSummary } from '../../types';
import { api } from '../../api';
import { saveBlob } from '../../download';
import { toHuddleError } from '../../errors';
import { storage } from '../../storage';
import { compareQuestions, isMine, questionLength, QUESTION_MAX, short } from './questions';
import { PollResultsView, PollsPanel } from './Polls';
import { AskingBanButton, ClassroomModeration, RemovedQuestions } from './Moderation';
import './classroom.css';

// The classroom kind's screens: the participant view (ask box, ranked list with upvotes, my
// questions, answered) and, for moderators and the host, the moderation queue and the answer /
// pin / hide buttons; the host also gets the settings, the CSV export and the presenter view.

export function ClassroomLayout({ session, people }: { session: SessionController; people: ReactNode }) {
  const d = session.state.data!;
  const c = d.classroom ?? { questions: [], myUpvotes: [], myQuestions: [] };
  const staff = session.role !== 'member';
  const active = d.session.status === 'active';
  const [sort, setSort] = useState<'popular' | 'recent'>('popular');
  const ranked = c.questions.filter((q) => q.status === 'open');
  // Recent: newest first (the pinned question stays on top); Popular is the server's order.
  const open = sort === 'popular' ? ranked : [...ranked].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.askedAt - a.askedAt);
  const pending = c.questions.filter((q) => q.status === 'pending');
  const answered = c.questions.filter((q) => q.status === 'answered');
  const hidden = c.questions.filter((q) => q.status === 'hidden');
  const removed = c.questions.filter((q) => q.status === 'removed');
  const mine = c.questions.filter((q) => isMine(c, q));

  return (
    <div className="classroom-grid">
      <div className="column">
        <PollsPanel session={session} active={active} />
        {active && (c.moderation?.askingBanned
          ? <p className="card muted" role="status">A moderator has stopped you from asking questions here. You can still vote.</p>
          : <AskBox session={session} />)}
        {staff && <ModerationQueue session={session} pending={pending} c={c} active={active} />}
        <section className="card" aria-labelledby="questions-heading">
          <h2 id="questions-heading">Questions <span className="count">{open.length}</span></h2>
          <div className="row wrap sort-toggle" role="group" aria-label="Sort questions">
            <button type="button" className="button small ghost" aria-pressed={sort === 'popular'} onClick={() => setSort('popular')}>Popular</button>
            <button type="button" className="button small ghost" aria-pressed={sort === 'recent'} onClick={() => setSort('recent')}>Recent</button>
          </div>
          {open.length === 0 ? <p className="muted">No open questions yet.</p> : (
            <ol className="questions" aria-label="Open questions">
              {open.map((q) => <QuestionItem key={q.itemId} q={q} c={c} session={session} staff={staff} active={active} />)}
            </ol>
          )}
        </section>
        {!staff && mine.length > 0 && (
          <section className="card" aria-labelledby="mine-heading">
            <h2 id="mine-heading">My questions</h2>
            <ul className="questions compact" aria-label="My questions">
              {mine.map((q) => q.status === 'pending' && active
                ? <QuestionItem key={q.itemId} q={q} c={c} session={session} staff={false} active={active} />
                : (
                  <li key={q.itemId} className="question-line">
                    <span className={`status status-${q.status}`}>{statusName[q.status]}</span> <span className="q-text"><bdi>{q.text}</bdi></span>
                  </li>
                ))}
            </ul>
          </section>
        )}
        <section className="card" aria-labelledby="answered-heading">
          <h2 id="answered-heading">Answered <span className="count">{answered.length}</span></h2>
          {answered.length === 0 ? <p className="muted">Nothing answered yet.</p> : (
            <ol className="questions" aria-label="Answered questions">
              {answered.map((q) => <QuestionItem key={q.itemId} q={q} c={c} session={session} staff={staff} active={active} />)}
            </ol>
          )}
        </section>
        {staff && hidden.length > 0 && (
          <details className="card hidden-list">
            <summary>Hidden questions ({hidden.length})</summary>
            <ul className="questions compact" aria-label="Hidden questions">
              {hidden.map((q) => <li key={q.itemId} className="question-line"><span className="q-text"><bdi>{q.text}</bdi></span></li>)}
            </ul>
          </details>
        )}
        {staff && removed.length > 0 && <RemovedQuestions session={session} removed={removed} active={active} />}
      </div>
      <div className="column">
        {session.role === 'host' && <ClassroomHostTools session={session} />}
        {staff && c.moderation && <ClassroomModeration session={session} moderation={c.moderation} active={active} />}
        {people}
      </div>
    </div>
  );
}

const statusName = { pending: 'Awaiting approval', open: 'Open', answered: 'Answered', hidden: 'Hidden by a moderator', removed: 'Removed by a moderator' };

function AskBox({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const [text, setText] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const allowAnonymous = d.session.settings.allowAnonymous;
  const length = questionLength(text);

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const q = await session.run((h) => h.askQuestion(text, anonymous && allowAnonymous));
    setBusy(false);
    if (!q) return;
    setText('');
    session.actions.classroom((c) => ({
      ...c,
      myQuestions: c.myQuestions.includes(q.itemId) ? c.myQuestions : [...c.myQuestions, q.itemId],
      questions: c.questions.some((x) => x.itemId === q.itemId) ? c.questions : [...c.questions, q].sort(compareQuestions),
    }));
  };

  return (
    <form className="card ask" onSubmit={ask} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Ask a question</h2>
      {d.session.settings.moderation && session.role === 'member' && (
        <p className="muted small">A moderator approves questions before everyone sees them.</p>
      )}
      <QuestionField id={`${id}-q`} label="Your question" value={text} onChange={setText} />
      <div className="row wrap ask-row">
        {allowAnonymous && (
          <label className="check"><input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> Ask anonymously</label>
        )}
        <button type="submit" className="button primary" disabled={busy || length === 0 || length > QUESTION_MAX}>{busy ? 'Sending…' : 'Ask'}</button>
      </div>
    </form>
  );
}

/** A question's text box with the counter the server agrees with (its limit, counted its way). */
function QuestionField({ id, label, value, onChange, labelHidden = false }: {
  id: string; label: string; value: string; onChange: (text: string) => void; labelHidden?: boolean;
}) {
  const length = questionLength(value);
  return (
    <div className="field question-field">
      <label htmlFor={id} className={labelHidden ? 'sr-only' : undefined}>{label}</label>
      <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} rows={3} required aria-describedby={`${id}-count`} />
      <span id={`${id}-count`} className={`muted small${length > QUESTION_MAX ? ' over' : ''}`}>{length} / {QUESTION_MAX}</span>
    </div>
  );
}

function QuestionItem({ q, c, session, staff, active }: {
  q: Question; c: ClassroomState; session: SessionController; staff: boolean; active: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(q.text);
  const id = useId();
  const mine = isMine(c, q);
  const upvoted = c.myUpvotes.includes(q.itemId);
  const voting = active && q.status === 'open' && session.state.data!.session.settings.allowVoting;
  const label = short(q.text);
  const who = q.author ? (q.author.participantId === session.state.data!.you.participantId ? 'you' : q.author.name) : mine ? 'you, anonymously' : 'Anonymous';

  const upvote = async () => {
    const value = upvoted ? 0 : 1;
    const result = await session.run((h) => h.upvoteQuestion(q.itemId, value));
    if (!result) return;
    session.actions.classroom((s) => ({
      ...s,
      myUpvotes: value === 1 ? [...s.myUpvotes.filter((x) => x !== q.itemId), q.itemId] : s.myUpvotes.filter((x) => x !== q.itemId),
    }));
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await session.run(async (h) => { await h.editQuestion(q.itemId, draft); return true; });
    if (ok) setEditing(false);
  };

  return (
    <li className={`question${q.pinned ? ' pinned' : ''}`} data-item-id={q.itemId} aria-label={`${q.pinned ? 'Pinned: ' : ''}${q.text}, ${q.score} upvotes`}>
      <div className="upvote-box">
        <button type="button" className={`vote up${upvoted ? ' on' : ''}`} aria-pressed={upvoted} disabled={!voting}
          aria-label={`Upvote: ${label}`} onClick={upvote}>▲</button>
        <span className="score" aria-hidden="true">{q.score}</span>
      </div>
      <div className="question-body">
        {q.pinned && <span className="badge pin">Pinned</span>}
        {q.status === 'pending' && <span className={`status status-${q.status}`}>{statusName[q.status]}</span>}
        {editing ? (
          <form onSubmit={save} className="edit-form" aria-label={`Edit: ${label}`}>
            <QuestionField id={`${id}-edit`} label="Edit your question" labelHidden value={draft} onChange={setDraft} />
            <div className="row wrap">
              <button type="submit" className="button small primary" disabled={questionLength(draft) === 0 || questionLength(draft) > QUESTION_MAX}>Save</button>
              <button type="button" className="button small" onClick={() => { setEditing(false); setDraft(q.text); }}>Cancel</button>
            </div>
          </form>
        ) : <LongText text={q.text} />}
        <p className="muted small">
          <bdi>{who}</bdi>{q.editedAt ? ' · edited' : ''}{q.status === 'answered' && q.answeredAt ? ` · answered ${new Date(q.answeredAt).toLocaleTimeString()}` : ''}
        </p>
        {active && !editing && (
          <div className="row wrap q-actions">
            {mine && q.status !== 'answered' && (
              <button type="button" className="button small" aria-label={`Edit: ${label}`} onClick={() => { setDraft(q.text); setEditing(true); }}>Edit</button>
            )}
            {(staff || (mine && q.status !== 'answered')) && (
              <button type="button" className="button small danger" aria-label={`${!staff && q.status === 'pending' ? 'Withdraw' : 'Delete'}: ${label}`}
                onClick={() => session.run((h) => h.deleteQuestion(q.itemId))}>{!staff && q.status === 'pending' ? 'Withdraw' : 'Delete'}</button>
            )}
            {staff && q.status === 'open' && (
              <>
                <button type="button" className="button small primary" aria-label={`Mark answered: ${label}`} onClick={() => session.run((h) => h.markAnswered(q.itemId))}>Answered</button>
                <button type="button" className="button small" aria-pressed={q.pinned} aria-label={`${q.pinned ? 'Unpin' : 'Pin'}: ${label}`}
                  onClick={() => session.run((h) => h.pinQuestion(q.pinned ? null : q.itemId))}>{q.pinned ? 'Unpin' : 'Pin'}</button>
                <button type="button" className="button small" aria-label={`Hide: ${label}`} onClick={() => session.run((h) => h.hideQuestion(q.itemId))}>Hide</button>
              </>
            )}
            {staff && <AskingBanButton session={session} author={q.author} />}
          </div>
        )}
      </div>
    </li>
  );
}

/** A long question shows its start and a "Show more" button, so one essay does not push the list off a phone screen. */
function LongText({ text }: { text: string }) {
  const [expanded, setExpanded] = useState(false);
  // Cut between characters as a person sees them (graphemes), never inside one.
  const chars = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((g) => g.segment);
  const long = chars.length > LONG_QUESTION;
  return (
    <>
      <p className="q-text"><bdi>{long && !expanded ? `${chars.slice(0, LONG_QUESTION).join('').trimEnd()}…` : text}</bdi></p>
      {long && (
        <button type="button" className="button small ghost" aria-expanded={expanded} onClick={() => setExpanded((x) => !x)}>
          {expanded ? 'Show less' : 'Show more'}
        </button>
      )}
    </>
  );
}

const LONG_QUESTION = 280;

function ModerationQueue({ session, pending, c, active }: { session: SessionController; pending: Question[]; c: ClassroomState; active: boolean }) {
  if (!session.state.data!.session.settings.moderation && pending.length === 0) return null;
  return (
    <section className="card moderation" aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">Waiting for approval <span className="count">{pending.length}</span></h2>
      {pending.length === 0 ? <p className="muted">No questions are waiting.</p> : (
        <ul className="questions compact" aria-label="Moderation queue">
          {pending.map((q) => (
            <li key={q.itemId} className="question-line">
              <p className="q-text"><bdi>{q.text}</bdi></p>
              <p className="muted small"><bdi>{q.author?.name ?? (isMine(c, q) ? 'you, anonymously' : 'Anonymous')}</bdi></p>
              {active && (
                <div className="row wrap">
                  <button type="button" className="button small primary" aria-label={`Approve: ${short(q.text)}`} onClick={() => session.run((h) => h.approveQuestion(q.itemId))}>Approve</button>
                  <button type="button" className="button small" aria-label={`Answer now: ${short(q.text)}`} onClick={() => session.run((h) => h.markAnswered(q.itemId))}>Answer now</button>
                  <button type="button" className="button small danger" aria-label={`Hide: ${short(q.text)}`} onClick={() => session.run((h) => h.hideQuestion(q.itemId))}>Hide</button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ClassroomHostTools({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const s = d.session.settings;
  const ended = d.session.status === 'ended';
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState('');
  const toggle = (patch: Partial<typeof s>) => session.run((h) => h.updateSettings(patch));

  const download = async () => {
    setDownloading(true);
    setError('');
    try {
      saveCsv(d.session.code, await api.questionsCsv(d.session.code, d.you.participantToken));
      if (d.classroom?.polls?.length) saveCsv(d.session.code, await api.pollsCsv(d.session.code, d.you.participantToken), 'polls');
    } catch (e) {
      setError(toHuddleError(e).message);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <section className="card" aria-labelledby="qa-host-heading">
      <h2 id="qa-host-heading">Q&amp;A settings</h2>
      <div className="settings" role="group" aria-label="Q&A settings">
        <label className="check"><input type="checkbox" checked={s.moderation} disabled={ended} onChange={(e) => toggle({ moderation: e.target.checked })} /> Approve questions first (moderation)</label>
        <label className="check"><input type="checkbox" checked={s.allowAnonymous} disabled={ended} onChange={(e) => toggle({ allowAnonymous: e.target.checked })} /> Allow anonymous questions</label>
        <label className="check"><input type="checkbox" checked={s.allowVoting} disabled={ended} onChange={(e) => toggle({ allowVoting: e.target.checked })} /> Allow upvotes</label>
      </div>
      <div className="row wrap">
        <a className="button" href={`/present/${d.session.code}`} target="_blank" rel="noopener">Open presenter view</a>
        <button type="button" className="button" onClick={download} disabled={downloading}>{downloading ? 'Preparing…' : 'Download CSV'}</button>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}

const saveCsv = (code: string, csv: Blob, what: 'questions' | 'polls' = 'questions') => saveBlob(csv, `${what}-${code}.csv`);

/**
 * An ended classroom stays readable by its code: its open and answered questions, read-only. A
 * browser that holds the host's token for it (stored when it joined) can still download the CSV:
 * the export is fetched once with the stored token, and only the host's is answered.
 */
export function EndedClassroomQuestions({ code }: { code: string }) {
  const [summary, setSummary] = useState<SessionSummary | null>(null);
  const [csv, setCsv] = useState<Blob | null>(null);
  useEffect(() => {
    let live = true;
    api.getSession(code).then((s) => {
      if (!live) return;
      setSummary(s);
      const token = storage.token(code);
      if (s.kind === 'classroom' && token) api.questionsCsv(code, token).then((b) => { if (live) setCsv(b); }, () => {});
    }, () => {});
    return () => { live = false; };
  }, [code]);
  if (!summary?.questions) return null;
  const answered = summary.questions.filter((q) => q.status === 'answered');
  const open = summary.questions.filter((q) => q.status === 'open');
  const list = (items: Question[], label: string) => (
    <ol className="questions compact" aria-label={label}>
      {items.map((q) => (
        <li key={q.itemId} className="question-line">
          <p className="q-text"><bdi>{q.text}</bdi></p>
          <p className="muted small"><bdi>{q.author?.name ?? 'Anonymous'}</bdi> · {q.score} {q.score === 1 ? 'upvote' : 'upvotes'}</p>
        </li>
      ))}
    </ol>
  );
  return (
    <div className="ended-questions">
      {csv && (
        <p className="row wrap">
          <span>You hosted this Q&amp;A: every question, with votes and times, is in the export.</span>
          <button type="button" className="button" onClick={() => saveCsv(code, csv)}>Download CSV</button>
        </p>
      )}
      <h2>Answered ({answered.length})</h2>
      {answered.length === 0 ? <p className="muted">Nothing was marked answered.</p> : list(answered, 'Answered questions')}
      {(summary.polls?.length ?? 0) > 0 && <h2>Polls ({summary.polls!.length})</h2>}
      {summary.polls?.map((p) => (
        <section key={p.pollId} className="card" aria-label={`Poll: ${p.question}`}>
          <h3><bdi>{p.question}</bdi></h3>
          <PollResultsView poll={p} />
        </section>
      ))}
      <h2>Still open ({open.length})</h2>
      {open.length === 0 ? <p className="muted">No open questions.</p> : list(open, 'Open questions')}
    </div>
  );
}
