import { describe, expect, it } from 'vitest';
import { nameProblem, passwordChecks } from './registrationRules';

const unmet = (password: string, email = 'ada@example.com') => passwordChecks(password, email).filter((c) => !c.ok).map((c) => c.rule);

describe('registration rules shown before submit', () => {
  it('lists every password rule the server enforces, each met or not', () => {
    expect(unmet('short')).toEqual(['10 to 128 characters']);
    expect(unmet('aaaaabbbbbbbb')).toEqual(['at least 4 different characters']);
    expect(unmet('x'.repeat(129))).toEqual(['10 to 128 characters', 'at least 4 different characters']);
    expect(unmet('Ada@Example.com')).toEqual(['not your e-mail address or the part before the @']);
    expect(unmet('ada', 'ada@example.com')).toContain('not your e-mail address or the part before the @');
    expect(unmet('correct horse battery')).toEqual([]);
  });

  it('checks a name as the server does: visible, at most 40 characters, no invisible characters', () => {
    expect(nameProblem('  ')).toBe('Enter your name.');
    expect(nameProblem('Ada Lovelace')).toBeNull();
    expect(nameProblem('a'.repeat(41))).toBe('At most 40 characters (now 41).');
    expect(nameProblem('👩‍💻'.repeat(40))).toBeNull(); // an emoji counts once, as on the server
    expect(nameProblem('Ada\u202eecalevol')).toBe('No invisible or direction-control characters.');
    expect(nameProblem('A\u200bda')).toBe('No invisible or direction-control characters.');
  });
});
