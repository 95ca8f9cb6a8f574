import { describe, expect, it } from 'vitest';
import { EventOrder, sessionHubUrl } from './hub';

// The ordering rules of docs/protocol.md §1.2, as every screen's feed applies them.

type E = { version: number; id: string };
const e = (version: number, id = `v${version}`): E => ({ version, id });

describe('EventOrder', () => {
  it('holds events until the snapshot, then gives back only those newer than it', () => {
    const order = new EventOrder<E>();
    expect(order.offer(e(4))).toBe('held');
    expect(order.offer(e(5))).toBe('held');
    expect(order.offer(e(6))).toBe('held');
    const held = order.adopt(5);
    expect(held.map((x) => order.offer(x))).toEqual(['stale', 'stale', 'apply']);
  });

  it('applies the same commit and the next one, drops older ones, and asks for a snapshot after a gap', () => {
    const order = new EventOrder<E>();
    order.adopt(10);
    expect(order.offer(e(10))).toBe('stale');
    expect(order.offer(e(11, 'a'))).toBe('apply');
    expect(order.offer(e(11, 'b'))).toBe('apply'); // one commit, several events
    expect(order.offer(e(12))).toBe('apply');
    expect(order.offer(e(11))).toBe('stale');
    expect(order.offer(e(14))).toBe('gap');
    expect(order.offer(e(13))).toBe('apply'); // a gap changes nothing by itself
  });

  it('catches up after a reconnect: events during the rejoin wait for its snapshot', () => {
    const order = new EventOrder<E>();
    order.adopt(3);
    expect(order.offer(e(4))).toBe('apply');
    order.hold(); // reconnected: joining again
    expect(order.syncing).toBe(true);
    expect(order.offer(e(8))).toBe('held');
    expect(order.offer(e(9))).toBe('held');
    expect(order.adopt(8).map((x) => order.offer(x))).toEqual(['stale', 'apply']);
    expect(order.syncing).toBe(false);
  });

  it('resumes from the old state when a resync fails, dropping what it held', () => {
    const order = new EventOrder<E>();
    order.adopt(3);
    order.hold();
    expect(order.offer(e(4))).toBe('held');
    order.resume();
    expect(order.offer(e(5))).toBe('gap');
    expect(order.offer(e(4))).toBe('apply');
  });
});

describe('sessionHubUrl', () => {
  it('names the session the way the server normalizes a code, for the load balancer', () => {
    expect(sessionHubUrl(' abcd-ef ')).toBe('/hubs/session?session=ABCDEF');
  });
});
