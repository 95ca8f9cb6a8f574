import { AddedBy } from './AddedBy';
import { Cover } from './GeneratedCover';
import { ConfirmButton } from './Confirm';
import type { SessionController } from '../useSession';
import { formatTime } from './NowPlayingCard';
import { NO_AUDIO, useSongInfo } from '../songInfo';

export function Queue({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const active = d.session.status === 'active';
  const voting = d.session.settings.allowVoting && active;
  const me = d.you.participantId;
  const manages = active && session.role !== 'member';
  const fair = d.session.settings.queueOrder === 'fair';
  return (
    <section className="card" aria-labelledby="queue-heading">
      <h2 id="queue-heading">Up next <span className="count">{d.queue.length} / {d.session.settings.maxQueueSize}</span></h2>
      {fair && <p className="muted small">Fair order: everyone gets a turn; votes decide within each round.</p>}
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
                <QueueCover title={item.title} catalogId={item.catalogId} />
                <div className="song">
                  <div className="song-title"><bdi>{item.title}</bdi></div>
                  {item.pinned && <span className="badge">Pinned</span>}
                  <div className="muted small"><bdi>{item.artist}</bdi> · {formatTime(item.durationSeconds)} · <AddedBy item={item} me={me} /></div>
                  <NoAudioNote catalogId={item.catalogId} />
                </div>
                {manages && (
                  <div className="row">
                    {!item.pinned && (
                      <button type="button" className="button small ghost" aria-label={`Move ${item.title} to the top`}
                        onClick={() => session.run((h) => h.moveToTop(item.itemId))}>Top</button>
                    )}
                    <button type="button" className="button small ghost" aria-pressed={item.pinned === true}
                      aria-label={`${item.pinned ? 'Unpin' : 'Pin'} ${item.title}`}
                      onClick={() => session.run((h) => h.pinItem(item.itemId, !item.pinned))}>{item.pinned ? 'Unpin' : 'Pin'}</button>
                  </div>
                )}
                {/* Last on the row, and it asks first: a stray tap next to the votes must not drop a song. */}
                {canRemove && (
                  <ConfirmButton label="✕" name={`Remove ${item.title} from the queue`} className="icon-button" question={`Remove ${item.title}?`}
                    confirm="Remove" onConfirm={() => void session.run((h) => h.removeFromQueue(item.itemId))} />
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** The song's artwork once its library entry is read, its generated cover until then (and for good without one). */
function QueueCover({ title, catalogId }: { title: string; catalogId: string }) {
  const song = useSongInfo(catalogId);
  return <Cover title={title} coverUrl={song?.coverUrl} size={44} decorative />;
}

/** Says so when the server has no audio for the song (known once its library entry is read). */
export function NoAudioNote({ catalogId }: { catalogId: string }) {
  const song = useSongInfo(catalogId);
  return song && !song.hasAudio ? <div className="muted small no-audio">{NO_AUDIO}</div> : null;
}
