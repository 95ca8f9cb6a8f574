import { describe, expect, it } from 'vitest';
import { startOffer } from './startOffer';

const opens = '2026-03-04T09:45:00+00:00';
const at = Date.parse(opens);

describe('the coaching Start button', () => {
  it('is not offered before the server opens starting: the opening time is, instead', () => {
    expect(startOffer({ status: 'scheduled', startOpensAt: opens }, at - 3 * 86_400_000)).toEqual({ kind: 'opens', at: opens });
    expect(startOffer({ status: 'scheduled', startOpensAt: opens }, at - 1)).toEqual({ kind: 'opens', at: opens });
  });

  it('is offered from the moment starting opens', () => {
    expect(startOffer({ status: 'scheduled', startOpensAt: opens }, at)).toEqual({ kind: 'start' });
    expect(startOffer({ status: 'scheduled', startOpensAt: opens }, at + 60_000)).toEqual({ kind: 'start' });
  });

  it('is gone once the session is no longer scheduled', () => {
    for (const status of ['in_progress', 'completed', 'cancelled'] as const) expect(startOffer({ status, startOpensAt: null }, at)).toBeNull();
  });
});
