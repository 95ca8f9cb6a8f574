import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasSentence, humanMessage } from './errors';

/** The codes of docs/protocol.md's error table (section 6), the contract every server error follows. */
function documentedCodes(): string[] {
  const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('\n## 6. Error codes'), doc.indexOf('\n## 7.'));
  return [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
}

describe('error messages', () => {
  it('has a sentence for every documented error code', () => {
    const codes = documentedCodes();
    expect(codes.length).toBeGreaterThan(100);
    expect(codes.filter((code) => !hasSentence(code))).toEqual([]);
  });

  it('reads each sentence as a sentence, not a code', () => {
    for (const code of documentedCodes()) expect(humanMessage(code), code).toMatch(/^[A-Z].* .*[.)…]$/);
  });

  it('shows the server message where it says more than the sentence can', () => {
    expect(humanMessage('add_cooldown', 'You can add another song in 20 s.')).toBe('You can add another song in 20 s.');
    expect(humanMessage('add_cooldown')).toBe('You just added a song: wait a little before adding another.');
    expect(humanMessage('queue_full', 'queue is full (50)')).toBe('The queue is full.');
  });
});
