// A small SVG line chart of the last readings (no chart library: a polyline and two labels).
export interface Point { t: number; v: number }

export function LineChart({ title, points, unit }: { title: string; points: Point[]; unit?: string }) {
  const width = 320;
  const height = 100;
  const max = Math.max(1, ...points.map((p) => p.v));
  const t0 = points[0]?.t ?? 0;
  const span = Math.max(1, (points[points.length - 1]?.t ?? 1) - t0);
  const path = points
    .map((p) => `${((p.t - t0) / span) * (width - 8) + 4},${height - 4 - (p.v / max) * (height - 20)}`)
    .join(' ');
  const last = points[points.length - 1]?.v ?? 0;
  const current = Number.isInteger(last) ? String(last) : last.toFixed(1);
  return (
    <figure className="admin-chart">
      <figcaption><span>{title}</span> <strong data-testid={`chart-${title}`}>{current}{unit ? ` ${unit}` : ''}</strong></figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${current}${unit ? ` ${unit}` : ''}, peak ${max}`}>
        <line x1="4" y1={height - 4} x2={width - 4} y2={height - 4} className="admin-chart-axis" />
        {points.length > 1 && <polyline points={path} className="admin-chart-line" />}
        <text x="6" y="12" className="admin-chart-label">{max}</text>
      </svg>
    </figure>
  );
}
