import { useEffect, useState } from 'react';
import { FloatingReactions, REACTION_EMOJI } from '../reactions';
import type { SessionController } from '../useSession';
import type { ReactionEvent } from '../types';

/**
 * Reactions during the film: a bar of the server's emoji and, over the player, everyone's reactions
 * floating up for a moment with their name. They are relayed, never stored: a device sees those sent
 * while it is here. A refusal (too fast) shows the server's sentence like any other error.
 */
export function FilmReactions({ session }: { session: SessionController }) {
  const [floating, setFloating] = useState(() => new FloatingReactions());
  const hub = session.hub.current;
  const myId = session.state.data?.you.participantId;

  useEffect(() => {
    if (!hub) return;
    const onReaction = (e: ReactionEvent) => setFloating((s) => s.add(e, myId, Date.now()));
    hub.on('reaction', onReaction);
    return () => hub.off('reaction', onReaction);
  }, [hub, myId]);

  // One timer for the next one to leave the screen, not one per reaction.
  const next = floating.nextExpiry();
  useEffect(() => {
    if (next === null) return;
    const t = setTimeout(() => setFloating((s) => s.expire(Date.now())), Math.max(0, next - Date.now()));
    return () => clearTimeout(t);
  }, [next]);

  return (
    <>
      <div className="film-reactions" aria-live="polite" data-testid="film-reactions">
        {floating.list.map((r) => (
          <span key={r.id} className="film-reaction" style={{ left: `${r.left}%` }}>
            <span aria-hidden="true">{r.emoji}</span> <span className="small">{r.name}</span>
          </span>
        ))}
      </div>
      <div className="controls" role="group" aria-label="React">
        {REACTION_EMOJI.map((emoji) => (
          <button key={emoji} type="button" className="button" aria-label={`React ${emoji}`}
            onClick={() => void session.run((h) => h.react(emoji))}>{emoji}</button>
        ))}
      </div>
    </>
  );
}
