// The server's registration rules (Huddle.Server.Coaching.PasswordRules, Validate.AccountName),
// checked as the person types so every rule is seen before submitting, not one refusal at a time.
// The server stays the judge: the common-password list lives only there.

export const passwordMin = 10;
export const passwordMax = 128;
export const nameMax = 40;

export interface RuleCheck { rule: string; ok: boolean }

export function passwordChecks(password: string, email: string): RuleCheck[] {
  const lowered = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  const local = address.includes('@') ? address.slice(0, address.indexOf('@')) : address;
  return [
    { rule: `${passwordMin} to ${passwordMax} characters`, ok: password.length >= passwordMin && password.length <= passwordMax },
    { rule: 'at least 4 different characters', ok: new Set(password).size >= 4 },
    { rule: 'not your e-mail address or the part before the @', ok: lowered.length > 0 && lowered !== address && (local.length === 0 || lowered !== local) },
  ];
}

/** What is wrong with a display name for the server, or null: at most 40 characters, visible, no invisible or direction controls. */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter your name.';
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(trimmed)].map((g) => g.segment);
  if (graphemes.length > nameMax) return `At most ${nameMax} characters (now ${graphemes.length}).`;
  // As the server (Validate.FirstInvisible), in short: direction controls anywhere, and a character
  // that is nothing but invisible ones (a zero-width space); a joiner inside an emoji is fine.
  if (/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(trimmed) || graphemes.some((g) => /^[\p{Cc}\p{Cf}]+$/u.test(g))) {
    return 'No invisible or direction-control characters.';
  }
  return null;
}
