import type { SessionController } from '../session';
import { formatTime } from './NowPlayingCard';

export function Queue({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const active = d.session.status === 'active';
  const voting = d.session.settings.allowVoting && active;
  const me = d.you.participantId;
  return (
    <section className="card" aria-labelledby="queue-heading">
      <h2 id="queue-heading">Up next <span className="count">{d.queue.length} / {d.session.settings.maxQueueSize}</span></h2>
      {d.queue.length === 0 ? <p className="muted">The queue is empty. Add songs from the library.</p> : (
        <ol className="queue" aria-label="Queue">
          {d.queue.map((item) => {
            const mine = d.myVotes[item.itemId] ?? 0;
            const canRemove = active && (item.addedBy.participantId === me || session.role !== 'member');
            return (
              <li key={item.itemId} className="queue-item" data-item-id={item.itemId} aria-label={`${item.title} by ${item.artist}, score ${item.score}`}>
                <div className="votes" role="group" aria-label={`Votes for ${item.title}`}>
                  <button type="button" className={`vote up${mine === 1 ? ' on' : ''}`} aria-pressed={mine === 1} disabled={!voting}
                    aria-label={`Upvote ${item.title}`} onClick={() => session.actions.vote(item.itemId, mine === 1 ? 0 : 1)}>▲</button>
                  <span className="score" aria-label={`Score ${item.score}`}>{item.score}</span>
                  <button type="button" className={`vote down${mine === -1 ? ' on' : ''}`} aria-pressed={mine === -1} disabled={!voting}
                    aria-label={`Downvote ${item.title}`} onClick={() => session.actions.vote(item.itemId, mine === -1 ? 0 : -1)}>▼</button>
                </div>
                <div className="song">
                  <div className="song-title"><bdi>{item.title}</bdi></div>
                  <div className="muted small"><bdi>{item.artist}</bdi> · {formatTime(item.durationSeconds)} · added by {item.addedBy.participantId === me ? 'you' : <bdi>{item.addedBy.name}</bdi>}</div>
                </div>
                {canRemove && (
                  <button type="button" className="icon-button" aria-label={`Remove ${item.title} from the queue`}
                    onClick={() => session.run((h) => h.removeFromQueue(item.itemId))}>✕</button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
