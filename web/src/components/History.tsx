import type { SessionController } from '../useSession';
import { clockTime } from '../time';

export function History({ session }: { session: SessionController }) {
  const history = session.state.data!.history;
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">Played</h2>
      {history.length === 0 ? <p className="muted">Nothing played yet.</p> : (
        <ol className="history" aria-label="History">
          {history.map((h) => (
            <li key={`${h.itemId}-${h.playedAt}`}>
              <span className="song-title"><bdi>{h.title}</bdi></span>
              <span className="muted small"> · <bdi>{h.artist}</bdi> · score {h.score} · <time dateTime={new Date(h.playedAt).toISOString()}>{clockTime(h.playedAt)}</time></span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
