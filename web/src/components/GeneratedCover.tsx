// A pleasant cover drawn from a title, for songs (and later films) without artwork: the same
// title always gives the same cover, so a song is recognisable across the queue, now playing and
// the library. Pure SVG (no canvas, no network), allowed by the page's Content-Security-Policy.
import { useId } from 'react';

export interface CoverArt { hueA: number; hueB: number; angle: number; motif: 'rings' | 'stripes' | 'dots' | 'waves'; initials: string }

const motifs: CoverArt['motif'][] = ['rings', 'stripes', 'dots', 'waves'];

/** FNV-1a over the UTF-16 code units: small, fast and well spread for short strings. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Two letters, never one: the first letters of the first two words, or a one-word title's first two letters. */
export function initialsOf(title: string): string {
  const words = title.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
  const letters = (w: string) => Array.from(w);
  const [first = '', second = ''] = words;
  if (second) return (letters(first)[0] + letters(second)[0]).toLocaleUpperCase();
  const [a = '', b = ''] = letters(first);
  return a.toLocaleUpperCase() + b.toLocaleLowerCase();
}

export function coverArt(title: string): CoverArt {
  const h = hash(title.trim().toLocaleLowerCase());
  const hueA = h % 360;
  return { hueA, hueB: (hueA + 40 + ((h >>> 9) % 100)) % 360, angle: (h >>> 17) % 4, motif: motifs[(h >>> 20) % motifs.length], initials: initialsOf(title) };
}

/**
 * The cover as an image named after its title; `decorative` when the title is written next to it
 * (a screen reader would otherwise read it twice).
 */
export function GeneratedCover({ title, size = 48, decorative = false, className = 'cover' }: {
  title: string; size?: number; decorative?: boolean; className?: string;
}) {
  const art = coverArt(title);
  // Unique per drawing (a title can be on screen twice), and only characters url(#…) accepts.
  const id = `gc${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const [x2, y2] = [[1, 1], [1, 0], [0, 1], [1, 0.5]][art.angle];
  // Dark enough stops (lightness 30–38 %) that white initials stay readable (WCAG AA for large text).
  const a = `hsl(${art.hueA} 62% 38%)`;
  const b = `hsl(${art.hueB} 58% 30%)`;
  return (
    <svg className={className} width={size} height={size} viewBox="0 0 100 100"
      {...(decorative ? { 'aria-hidden': true } : { role: 'img', 'aria-label': `Cover for ${title}` })}>
      <defs>
        <linearGradient id={id} x1="0" y1="0" x2={x2} y2={y2}>
          <stop offset="0" stopColor={a} />
          <stop offset="1" stopColor={b} />
        </linearGradient>
      </defs>
      <rect width="100" height="100" rx="12" fill={`url(#${id})`} />
      <g fill="none" stroke="#fff" strokeOpacity=".18" strokeWidth="4">
        {art.motif === 'rings' && [18, 32, 46].map((r) => <circle key={r} cx="82" cy="18" r={r} />)}
        {art.motif === 'stripes' && [10, 30, 50, 70, 90].map((d) => <line key={d} x1={d - 40} y1="100" x2={d + 40} y2="0" />)}
        {art.motif === 'waves' && [35, 55, 75].map((y) => <path key={y} d={`M0 ${y} q25 -14 50 0 t50 0`} />)}
      </g>
      {art.motif === 'dots' && (
        <g fill="#fff" fillOpacity=".16">
          {[15, 40, 65, 90].flatMap((cx) => [15, 40].map((cy) => <circle key={`${cx}-${cy}`} cx={cx} cy={cy} r="6" />))}
        </g>
      )}
      {art.initials && (
        <text x="50" y="66" textAnchor="middle" fontSize="40" fontWeight="700" fill="#fff"
          fontFamily="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">{art.initials}</text>
      )}
    </svg>
  );
}

/** A song's or film's own artwork when the server has it, else its generated cover. */
export function Cover({ title, album, coverUrl, size = 48, decorative = false }: {
  title: string; album?: string; coverUrl?: string | null; size?: number; decorative?: boolean;
}) {
  return coverUrl
    ? <img className="cover" src={coverUrl} alt={decorative ? '' : `Cover of ${album || title}`} width={size} height={size} />
    : <GeneratedCover title={title} size={size} decorative={decorative} />;
}
