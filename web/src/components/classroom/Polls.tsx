import { useId, useState, type FormEvent } from 'react';
import type { SessionController } from '../../useSession';
import type { MyPollAnswer, Poll, PollKind } from '../../types';
import { applyMyAnswer, pollKindNames, resultRows } from './polls';

// Polls in the session screen: the active poll's answer card for everyone, its results (live or at
// close, as the host chose), and for moderators and the host the poll editor and the list of polls
// with launch / close / delete / leaderboard.

export function PollsPanel({ session, active }: { session: SessionController; active: boolean }) {
  const c = session.state.data!.classroom;
  const staff = session.role !== 'member';
  const polls = c?.polls ?? [];
  const open = polls.find((p) => p.status === 'open');
  const closed = polls.filter((p) => p.status === 'closed');
  const latestClosed = closed[closed.length - 1];
  const shown = open ?? (staff ? undefined : latestClosed);
  if (!staff && !shown) return null;
  return (
    <section className="card polls" aria-labelledby="polls-heading">
      <h2 id="polls-heading">Polls</h2>
      {shown && <PollCard session={session} poll={shown} mine={c?.myPollAnswers?.find((a) => a.pollId === shown.pollId)} active={active} />}
      {staff && active && <PollEditor session={session} />}
      {staff && polls.length > 0 && (
        <ul className="poll-list" aria-label="All polls">
          {polls.map((p) => <PollRow key={p.pollId} session={session} poll={p} active={active} />)}
        </ul>
      )}
    </section>
  );
}

/** The answer card: choices, stars or a word; then the results when this client may see them. */
function PollCard({ session, poll, mine, active }: { session: SessionController; poll: Poll; mine?: MyPollAnswer; active: boolean }) {
  const [choices, setChoices] = useState<number[]>(mine?.choices ?? []);
  const [text, setText] = useState(mine?.text ?? '');
  const [busy, setBusy] = useState(false);
  const id = useId();
  const canAnswer = active && poll.status === 'open' && (!mine || poll.allowChange);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const answer = await session.run((h) => poll.kind === 'text' ? h.answerPoll(poll.pollId, [], text) : h.answerPoll(poll.pollId, choices));
    setBusy(false);
    if (answer) session.actions.classroom((c) => applyMyAnswer(c, answer));
  };
  const toggle = (i: number) =>
    setChoices((cs) => poll.kind === 'multiple' ? (cs.includes(i) ? cs.filter((x) => x !== i) : [...cs, i].sort()) : [i]);
  const labels = poll.kind === 'rating' ? [1, 2, 3, 4, 5].map((n) => ({ value: n, label: `${n} ★` })) : poll.options.map((label, value) => ({ value, label }));

  return (
    <article className="poll-card" aria-labelledby={`${id}-q`}>
      <p className="muted small">{pollKindNames[poll.kind]}{poll.status === 'closed' ? ' · closed' : ''} · {poll.answerCount} {poll.answerCount === 1 ? 'answer' : 'answers'}</p>
      <h3 id={`${id}-q`} className="poll-question"><bdi>{poll.question}</bdi></h3>
      {canAnswer ? (
        <form onSubmit={send}>
          {poll.kind === 'text' ? (
            <div className="field">
              <label htmlFor={`${id}-t`}>Your answer</label>
              <input id={`${id}-t`} value={text} maxLength={50} onChange={(e) => setText(e.target.value)} required />
            </div>
          ) : (
            <fieldset className="poll-options">
              <legend className="sr-only">{poll.question}</legend>
              {labels.map(({ value, label }) => (
                <label key={value} className="poll-option">
                  <input
                    type={poll.kind === 'multiple' ? 'checkbox' : 'radio'} name={`${id}-o`}
                    checked={choices.includes(value)} onChange={() => toggle(value)}
                  /> <bdi>{label}</bdi>
                </label>
              ))}
            </fieldset>
          )}
          <button type="submit" className="button primary" disabled={busy || (poll.kind === 'text' ? !text.trim() : choices.length === 0)}>
            {mine ? 'Change answer' : 'Send answer'}
          </button>
        </form>
      ) : mine && <p className="muted">Your answer is in{mine.correct === true ? ': correct!' : mine.correct === false ? ': not this time.' : '.'}</p>}
      {mine && canAnswer && <p className="muted small" role="status">Answer sent. You can change it until the poll closes.</p>}
      <PollResultsView poll={poll} />
    </article>
  );
}

/** Bars (or a word cloud) with counts; the quiz's right option once revealed; the leaderboard when shown. */
export function PollResultsView({ poll, large = false }: { poll: Poll; large?: boolean }) {
  if (!poll.results) return <p className="muted small">{poll.status === 'open' ? 'Results appear when the poll closes.' : ''}</p>;
  const rows = resultRows(poll);
  const total = Math.max(1, ...rows.map((r) => r.count));
  return (
    <div className={`poll-results${large ? ' large' : ''}`} aria-label="Results">
      {poll.kind === 'text' ? (
        <ul className="word-cloud" aria-label="Word cloud">
          {poll.results.words.map((w) => (
            <li key={w.text} style={{ fontSize: `${1 + Math.min(2, w.count / Math.max(1, poll.results!.words[0]?.count ?? 1)) * 0.6}em` }}>
              <bdi>{w.text}</bdi> <span className="count">{w.count}</span>
            </li>
          ))}
        </ul>
      ) : (
        <ol className="poll-bars">
          {rows.map((r) => (
            <li key={r.label} className={r.correct ? 'correct' : undefined}>
              <span className="bar-label"><bdi>{r.label}</bdi>{r.correct && ' ✓'}</span>
              <span className="bar" style={{ width: `${(r.count / total) * 100}%` }} />
              <span className="bar-count">{r.count}</span>
            </li>
          ))}
        </ol>
      )}
      {poll.results.average !== null && <p>Average: <strong>{poll.results.average}</strong></p>}
      {poll.leaderboard && poll.leaderboard.length > 0 && (
        <ol className="leaderboard" aria-label="Leaderboard">
          {poll.leaderboard.map((s) => <li key={s.name}><bdi>{s.name}</bdi> · {s.score}</li>)}
        </ol>
      )}
    </div>
  );
}

function PollRow({ session, poll, active }: { session: SessionController; poll: Poll; active: boolean }) {
  return (
    <li className="poll-row">
      <span><span className={`status status-poll-${poll.status}`}>{poll.status}</span> <bdi>{poll.question}</bdi></span>
      {active && (
        <span className="row wrap">
          {poll.status === 'draft' && <button type="button" className="button small" onClick={() => void session.run((h) => h.launchPoll(poll.pollId))}>Launch</button>}
          {poll.status === 'open' && <button type="button" className="button small" onClick={() => void session.run((h) => h.closePoll(poll.pollId))}>Close</button>}
          {poll.status === 'closed' && poll.kind === 'quiz' && (
            <button type="button" className="button small ghost" aria-pressed={poll.leaderboardShown}
              onClick={() => void session.run((h) => h.showLeaderboard(poll.pollId, !poll.leaderboardShown))}>
              {poll.leaderboardShown ? 'Hide leaderboard' : 'Show leaderboard'}
            </button>
          )}
          <button type="button" className="button small ghost" onClick={() => void session.run((h) => h.deletePoll(poll.pollId))}>
            Delete<span className="sr-only"> poll “{poll.question}”</span>
          </button>
        </span>
      )}
    </li>
  );
}

/** The host's poll editor: the kind, the question, options (and a quiz's right one), and the rules. */
function PollEditor({ session }: { session: SessionController }) {
  const [kind, setKind] = useState<PollKind>('single');
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(['', '']);
  const [correct, setCorrect] = useState(0);
  const [allowChange, setAllowChange] = useState(true);
  const [named, setNamed] = useState(false);
  const [resultsLive, setResultsLive] = useState(true);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const hasOptions = kind === 'single' || kind === 'multiple' || kind === 'quiz';

  const create = async (e: FormEvent, launch: boolean) => {
    e.preventDefault();
    setBusy(true);
    const poll = await session.run((h) => h.createPoll({
      kind, question, allowChange, named, resultsLive,
      ...(hasOptions ? { options: options.map((o) => o.trim()) } : {}),
      ...(kind === 'quiz' ? { correct } : {}),
    }));
    if (poll && launch) await session.run((h) => h.launchPoll(poll.pollId));
    setBusy(false);
    if (!poll) return;
    setQuestion('');
    setOptions(['', '']);
  };

  return (
    <details className="poll-editor">
      <summary>New poll</summary>
      <form onSubmit={(e) => void create(e, true)}>
        <div className="field">
          <label htmlFor={`${id}-k`}>Kind</label>
          <select id={`${id}-k`} value={kind} onChange={(e) => setKind(e.target.value as PollKind)}>
            {Object.entries(pollKindNames).map(([k, name]) => <option key={k} value={k}>{name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-q`}>Poll question</label>
          <input id={`${id}-q`} value={question} maxLength={300} onChange={(e) => setQuestion(e.target.value)} required />
        </div>
        {hasOptions && options.map((o, i) => (
          <div key={i} className="field row">
            <label htmlFor={`${id}-o${i}`} className="sr-only">Option {i + 1}</label>
            <input id={`${id}-o${i}`} placeholder={`Option ${i + 1}`} value={o} maxLength={100} required
              onChange={(e) => setOptions((os) => os.map((x, j) => (j === i ? e.target.value : x)))} />
            {kind === 'quiz' && (
              <label className="check"><input type="radio" name={`${id}-c`} checked={correct === i} onChange={() => setCorrect(i)} /> Correct</label>
            )}
          </div>
        ))}
        {hasOptions && options.length < 10 && (
          <button type="button" className="button small ghost" onClick={() => setOptions((os) => [...os, ''])}>Add option</button>
        )}
        <label className="check"><input type="checkbox" checked={resultsLive} onChange={(e) => setResultsLive(e.target.checked)} /> Show results live</label>
        <label className="check"><input type="checkbox" checked={allowChange} onChange={(e) => setAllowChange(e.target.checked)} /> Allow changing answers</label>
        {kind !== 'quiz' && <label className="check"><input type="checkbox" checked={named} onChange={(e) => setNamed(e.target.checked)} /> Named answers (in the export)</label>}
        <div className="row wrap">
          <button type="submit" className="button primary" disabled={busy}>Launch poll</button>
          <button type="button" className="button ghost" disabled={busy} onClick={(e) => void create(e, false)}>Save as draft</button>
        </div>
      </form>
    </details>
  );
}
