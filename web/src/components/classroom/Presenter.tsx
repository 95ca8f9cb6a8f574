import { useEffect } from 'react';
import { useSession } from '../../session';
import { spotlight } from './questions';
import './classroom.css';

/**
 * The projector screen (/present/{code}): the pinned question, or the top open one, in large type
 * on a dark background, updating live. No controls. It joins as the host's own participant with the
 * token this browser stored (open it from the host view), so the moderators' choices show at once.
 */
export function Presenter({ code }: { code: string }) {
  const session = useSession(code);
  const { state } = session;
  useEffect(() => {
    document.title = `Questions · ${code}`;
  }, [code]);

  if (state.fatal) {
    return (
      <main className="presenter" id="main">
        <p className="presenter-note" role="alert">
          {state.fatal.code === 'need_name' ? 'Open the presenter view from the host view on this device.' : state.fatal.message}
        </p>
      </main>
    );
  }

  const d = state.data;
  const questions = d?.classroom?.questions ?? [];
  const top = spotlight(questions);
  const open = questions.filter((q) => q.status === 'open').length;
  const joinUrl = `${location.origin}/join/${code}`;
  return (
    <main className="presenter" id="main" aria-busy={!d}>
      <header className="presenter-head">
        <span>{d?.session.title || 'Questions'}</span>
        <span>Join at <strong>{joinUrl.replace(/^https?:\/\//, '')}</strong> · code <strong className="mono">{code}</strong></span>
      </header>
      <section className="presenter-stage" aria-live="polite" aria-label="Current question">
        {top ? (
          <figure className="presenter-question">
            {top.pinned && <p className="presenter-tag">Now answering</p>}
            <blockquote><p>{top.text}</p></blockquote>
            <figcaption>
              {top.author ? top.author.name : 'Anonymous'} · <span>{top.score} {top.score === 1 ? 'upvote' : 'upvotes'}</span>
            </figcaption>
          </figure>
        ) : (
          <p className="presenter-empty">{d ? 'No questions yet. Ask yours with the code above.' : 'Connecting…'}</p>
        )}
      </section>
      <footer className="presenter-foot">
        {d?.session.status === 'ended' ? 'This session has ended.' : `${open} open ${open === 1 ? 'question' : 'questions'}`}
      </footer>
    </main>
  );
}
