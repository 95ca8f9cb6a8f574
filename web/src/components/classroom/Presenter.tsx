import { useEffect, useLayoutEffect, useRef } from 'react';
import { useSession } from '../../useSession';
import { api } from '../../api';
import { spotlight } from './questions';
import { activePoll } from './polls';
import { PollResultsView } from './Polls';
import './classroom.css';

/**
 * The projector screen (/present/{code}): the pinned question, or the top open one, in large type
 * on a dark background, updating live. No controls. It joins as the host's own participant with the
 * token this browser stored (open it from the host view), so the moderators' choices show at once.
 * A launched poll takes the stage (with its results, as the participants see them); the join link,
 * code and a QR code large enough to scan from the back of a room stay in view, with the live count
 * of people present.
 */
export function Presenter({ code }: { code: string }) {
  const session = useSession(code);
  const { state } = session;
  const main = useRef<HTMLElement>(null);
  const text = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    document.title = `Questions · ${code}`;
  }, [code]);

  const top = spotlight(state.data?.classroom?.questions ?? []);
  const poll = activePoll(state.data?.classroom?.polls);
  useLayoutEffect(() => {
    const fit = () => fitText(main.current, text.current);
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [top?.text, top?.pinned, top?.author?.name, poll?.pollId]);

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
  const open = (d?.classroom?.questions ?? []).filter((q) => q.status === 'open').length;
  const joinUrl = `${location.origin}/join/${code}`;
  const present = d?.participants.filter((p) => p.present).length ?? 0;
  return (
    <main className="presenter" id="main" aria-busy={!d} ref={main}>
      <header className="presenter-head">
        <span><bdi>{d?.session.title || 'Questions'}</bdi></span>
        <span className="presenter-join">
          <img className="presenter-qr" src={api.qrUrl(code)} alt={`QR code linking to ${joinUrl}`} width={320} height={320} />
          <span>Join at <strong>{joinUrl.replace(/^https?:\/\//, '')}</strong> · code <strong className="mono">{code}</strong></span>
        </span>
      </header>
      <section className="presenter-stage" aria-live="polite" aria-label={poll ? 'Current poll' : 'Current question'}>
        {poll ? (
          <div className="presenter-poll">
            <h2><bdi>{poll.question}</bdi></h2>
            <p>{poll.answerCount} {poll.answerCount === 1 ? 'answer' : 'answers'}</p>
            <PollResultsView poll={poll} large />
          </div>
        ) : top ? (
          <figure className="presenter-question">
            {top.pinned && <p className="presenter-tag">Now answering</p>}
            <blockquote><p ref={text}><bdi>{top.text}</bdi></p></blockquote>
            <figcaption>
              <bdi>{top.author ? top.author.name : 'Anonymous'}</bdi> · <span>{top.score} {top.score === 1 ? 'upvote' : 'upvotes'}</span>
            </figcaption>
          </figure>
        ) : (
          <p className="presenter-empty">{d ? 'No questions yet. Ask yours with the code above.' : 'Connecting…'}</p>
        )}
      </section>
      <footer className="presenter-foot">
        <span>{d?.session.status === 'ended' ? 'This session has ended.' : `${open} open ${open === 1 ? 'question' : 'questions'}`}</span>
        <span role="status">{present} {present === 1 ? 'person' : 'people'} here</span>
      </footer>
    </main>
  );
}

/**
 * Large type for a short question, smaller for a long one, so that up to 500 characters (or many
 * short lines) fit the projector without scrolling: starts from a size that suits the length and
 * the screen, then steps down while the page is taller or wider than the window.
 */
function fitText(page: HTMLElement | null, p: HTMLElement | null) {
  if (!page || !p) return;
  const length = p.textContent?.length ?? 0;
  const w = window.innerWidth;
  const h = window.innerHeight;
  const [vw, vh] = length <= 80 ? [0.05, 0.09] : length <= 200 ? [0.036, 0.064] : length <= 350 ? [0.029, 0.05] : [0.024, 0.042];
  let size = Math.max(16, Math.min(96, w * vw, h * vh));
  const overflows = () => page.scrollHeight > h || page.scrollWidth > w;
  p.style.fontSize = `${size}px`;
  while (overflows() && size > 12) {
    size = Math.floor(size * 0.9);
    p.style.fontSize = `${size}px`;
  }
}
