// The movie deck's swipe gesture, as numbers: how far a card has been dragged decides whether
// releasing it likes (right), passes (left) or lets it spring back. Pure, so it is unit-tested.

/** A drag past this share of the card's width (or this many px on a wide card) decides on release. */
export const swipeShare = 0.3;
export const swipeMaxPx = 140;
/** Below this a press is a tap or a slip of the finger: no drag at all. */
export const dragSlopPx = 6;

export const swipeThreshold = (width: number): number => Math.min(swipeMaxPx, Math.max(40, width * swipeShare));

/** What releasing the card after a horizontal drag of `dx` px means. */
export function swipeDecision(dx: number, width: number): 'like' | 'pass' | null {
  const threshold = swipeThreshold(width);
  return dx >= threshold ? 'like' : dx <= -threshold ? 'pass' : null;
}

/** The card's transform while dragged: it follows the finger and tilts a little, up to 12 degrees. */
export function dragTransform(dx: number, width: number): string {
  const angle = Math.max(-12, Math.min(12, (dx / Math.max(width, 1)) * 20));
  return `translateX(${Math.round(dx)}px) rotate(${angle.toFixed(2)}deg)`;
}

/** How sure the gesture is, 0 to 1: the "Like"/"Pass" stamp fades in with it. */
export const swipeStrength = (dx: number, width: number): number => Math.min(1, Math.abs(dx) / swipeThreshold(width));
