import { useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { dragSlopPx, dragTransform, swipeDecision, swipeStrength } from '../swipe';
import { useMediaQuery } from '../useMediaQuery';

interface Props {
  /** A new key per card: a new card starts centred. */
  cardKey: string | number;
  label: string;
  disabled: boolean;
  /** Resolves false when the choice was refused: the card then comes back. */
  onDecide: (like: boolean) => Promise<boolean>;
  /** The card's content; its buttons call `decide`, so a tap flies the card out like a swipe. */
  children: (decide: (like: boolean) => void, busy: boolean) => ReactNode;
}

const flyMs = 220;

/**
 * A card that can be dragged (touch, pen or mouse, through pointer events): it follows the finger,
 * and released past the threshold it flies out to that side and decides; short of it, it springs
 * back. The buttons inside still work (a press on them never starts a drag), and so do the arrow
 * keys. With prefers-reduced-motion the card does not fly: the choice is made at once.
 */
export function SwipeCard({ cardKey, label, disabled, onDecide, children }: Props) {
  const reduced = useMediaQuery('(prefers-reduced-motion: reduce)');
  const ref = useRef<HTMLDivElement>(null);
  const drag = useRef<{ id: number; x: number; y: number; moving: boolean } | null>(null);
  const [dx, setDx] = useState(0);
  const [flying, setFlying] = useState<'like' | 'pass' | null>(null);
  const [shownKey, setShownKey] = useState(cardKey);
  if (shownKey !== cardKey) {
    // The next card: back to the middle (adjusting state during render, as React recommends).
    setShownKey(cardKey);
    setDx(0);
    setFlying(null);
  }
  const width = () => ref.current?.getBoundingClientRect().width ?? 300;

  const decide = (like: boolean) => {
    if (disabled || flying) return;
    const comeBack = (ok: boolean) => {
      if (ok) return; // the next card replaces this one (a new cardKey resets the position)
      setFlying(null);
      setDx(0);
    };
    if (reduced) {
      void onDecide(like).then(comeBack);
      return;
    }
    setFlying(like ? 'like' : 'pass');
    setDx((like ? 1 : -1) * width() * 1.5);
    setTimeout(() => void onDecide(like).then(comeBack), flyMs);
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    // A press on a button or link inside is that control's, not the start of a drag.
    if (disabled || flying || (e.target as HTMLElement).closest('button, a, input, select, summary')) return;
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    drag.current = { id: e.pointerId, x: e.clientX, y: e.clientY, moving: false };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    const moveX = e.clientX - d.x;
    if (!d.moving) {
      // Mostly vertical: the page is being scrolled, not the card dragged.
      if (Math.abs(moveX) < dragSlopPx || Math.abs(moveX) < Math.abs(e.clientY - d.y)) return;
      d.moving = true;
      e.currentTarget.setPointerCapture(e.pointerId);
    }
    setDx(moveX);
  };
  const onPointerEnd = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    drag.current = null;
    if (!d.moving) return;
    const decision = e.type === 'pointerup' ? swipeDecision(e.clientX - d.x, width()) : null;
    if (decision) decide(decision === 'like');
    else setDx(0);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
    e.preventDefault();
    decide(e.key === 'ArrowRight');
  };

  const w = ref.current?.getBoundingClientRect().width ?? 300;
  const strength = swipeStrength(dx, w);
  const dragging = dx !== 0 && !flying;
  return (
    <div ref={ref} className={`movie-card swipe-card${dragging ? ' dragging' : ''}${flying ? ' flying' : ''}`} tabIndex={0} role="group"
      aria-roledescription="film card" aria-label={label} data-testid="swipe-card"
      style={dx !== 0 ? { transform: dragTransform(dx, w), transitionDuration: flying ? `${flyMs}ms` : undefined } : undefined}
      onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerEnd} onPointerCancel={onPointerEnd} onKeyDown={onKeyDown}>
      {dx !== 0 && (
        <span className={`swipe-stamp ${dx > 0 ? 'stamp-like' : 'stamp-pass'}`} style={{ opacity: strength }} aria-hidden="true">
          {dx > 0 ? 'Like' : 'Pass'}
        </span>
      )}
      {children(decide, disabled || flying !== null)}
    </div>
  );
}
