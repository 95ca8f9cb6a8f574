import { describe, expect, it } from 'vitest';
import { dragTransform, swipeDecision, swipeStrength, swipeThreshold } from './swipe';

describe('movie deck swipe', () => {
  it('likes past the threshold to the right, passes past it to the left, and springs back short of it', () => {
    const width = 300; // a phone's card: threshold 90 px
    expect(swipeThreshold(width)).toBe(90);
    expect(swipeDecision(95, width)).toBe('like');
    expect(swipeDecision(-95, width)).toBe('pass');
    expect(swipeDecision(60, width)).toBeNull();
    expect(swipeDecision(-89, width)).toBeNull();
    expect(swipeDecision(0, width)).toBeNull();
  });

  it('caps the distance on a wide card, so a laptop drag is not a long haul', () => {
    expect(swipeThreshold(1200)).toBe(140);
    expect(swipeDecision(141, 1200)).toBe('like');
  });

  it('follows the finger with a bounded tilt, and grows surer up to the threshold', () => {
    expect(dragTransform(30, 300)).toBe('translateX(30px) rotate(2.00deg)');
    expect(dragTransform(-900, 300)).toBe('translateX(-900px) rotate(-12.00deg)');
    expect(swipeStrength(45, 300)).toBe(0.5);
    expect(swipeStrength(-400, 300)).toBe(1);
  });
});
