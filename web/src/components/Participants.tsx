import type { SessionController } from '../useSession';

export function Participants({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const people = [...d.participants].sort((a, b) => Number(b.present) - Number(a.present) || a.joinedAt - b.joinedAt);
  const here = people.filter((p) => p.present).length;
  return (
    <section className="card" aria-labelledby="people-heading">
      <h2 id="people-heading">People <span className="count">{here} here</span></h2>
      <ul className="people" aria-label="Participants">
        {people.map((p) => (
          <li key={p.participantId} className={p.present ? 'present' : 'away'}>
            <span className="presence" aria-hidden="true" />
            <span className="person-name"><bdi>{p.name}</bdi>{p.participantId === d.you.participantId && <span className="muted"> (you)</span>}</span>
            {p.role !== 'member' && <span className={`badge badge-${p.role}`}>{p.role === 'host' ? 'Host' : 'Moderator'}</span>}
            <span className="sr-only">{p.present ? ', here' : ', away'}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
