import type { ReactionEvent } from './types';

/** The emoji the server accepts (Core `Reactions.Emoji`), in the order the bar offers them. */
export const REACTION_EMOJI = ['👍', '😂', '😮', '😢', '❤️', '🍿'] as const;

/** How long a reaction floats over the player. */
export const FLOAT_MS = 4000;

/** At most this many on screen: a burst from a big group must not cover the film. */
export const MAX_FLOATING = 12;

export interface FloatingReaction {
  id: number;
  emoji: string;
  name: string;
  /** Horizontal place over the player, 5–95 %, spread by id so consecutive ones do not overlap. */
  left: number;
  /** Local time (ms) it leaves the screen. */
  until: number;
}

/**
 * The floating reactions' state, pure so it is unit-tested: an arrival adds one (the oldest go first
 * beyond MAX_FLOATING), time removes those whose moment is over. Times are this device's clock: the
 * float is a local animation, the server's `at` only orders them.
 */
export class FloatingReactions {
  private nextId = 0;

  constructor(private readonly items: readonly FloatingReaction[] = []) {}

  get list(): readonly FloatingReaction[] { return this.items; }

  add(e: ReactionEvent, myId: string | undefined, now: number): FloatingReactions {
    const id = ++this.nextId;
    const item: FloatingReaction = {
      id, emoji: e.emoji, name: e.byId === myId ? 'You' : e.byName, left: 5 + ((id * 37) % 91), until: now + FLOAT_MS,
    };
    const next = new FloatingReactions([...this.live(now), item].slice(-MAX_FLOATING));
    next.nextId = id;
    return next;
  }

  /** Those still on screen at `now` (the same object when nothing expired, so React skips a render). */
  expire(now: number): FloatingReactions {
    const live = this.live(now);
    if (live.length === this.items.length) return this;
    const next = new FloatingReactions(live);
    next.nextId = this.nextId;
    return next;
  }

  /** When the next one leaves the screen (null: none on screen). */
  nextExpiry(): number | null {
    return this.items.length === 0 ? null : Math.min(...this.items.map((r) => r.until));
  }

  private live(now: number): FloatingReaction[] { return this.items.filter((r) => r.until > now); }
}
