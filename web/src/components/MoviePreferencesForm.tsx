import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { matchRuleText, useCatalogNames } from '../movie';
import type { MatchRule, MoviePreferences } from '../types';
import '../movie.css';

export interface MovieNightOptions { preferences: MoviePreferences; matchRule: MatchRule; endAtFirstMatch?: boolean; deckReadyCheck?: boolean }

export const defaultMovieNight: MovieNightOptions = { preferences: { genreIds: [], providerIds: [], region: 'US' }, matchRule: 'all' };

// Country codes (ISO 3166-1) to offer; the catalog decides which services each one has.
const regions: [string, string][] = [
  ['US', 'United States'], ['GB', 'United Kingdom'], ['CA', 'Canada'], ['AU', 'Australia'], ['DE', 'Germany'],
  ['FR', 'France'], ['IN', 'India'], ['BR', 'Brazil'], ['JP', 'Japan'],
];

const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

/** The host's movie-night preferences: genre and platform chips (names from the API), region, ranges, match rule. */
/** `midPick`: changing the filters of a running pick — the region stays and the match rule is a setting of its own. */
export function MoviePreferencesForm({ value, onChange, midPick = false }: { value: MovieNightOptions; onChange: (v: MovieNightOptions) => void; midPick?: boolean }) {
  const p = value.preferences;
  const names = useCatalogNames(p.region);
  const ids = { region: useId(), yearFrom: useId(), yearTo: useId(), rating: useId(), runtime: useId(), rule: useId() };
  const shown = (n: number | null | undefined) => (n == null ? '' : String(n));
  const [text, setText] = useState({ yearFrom: shown(p.yearFrom), yearTo: shown(p.yearTo), minRating: shown(p.minRating), maxRuntimeMinutes: shown(p.maxRuntimeMinutes) });
  const set = (patch: Partial<MoviePreferences>) => onChange({ ...value, preferences: { ...p, ...patch } });
  const toggle = (list: number[], id: number) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

  // A platform chosen for one region may not exist in another: keep only those offered.
  useEffect(() => {
    if (names.providers.size === 0) return;
    const kept = p.providerIds.filter((id) => names.providers.has(id));
    if (kept.length !== p.providerIds.length) set({ providerIds: kept });
  }, [names.providers]);

  const number = (key: keyof typeof text) => (e: ChangeEvent<HTMLInputElement>) => {
    setText({ ...text, [key]: e.target.value });
    set({ [key]: numberOrNull(e.target.value) });
  };

  return (
    <div className="movie-prefs">
      {names.error && <p className="form-error" role="alert">Could not load the movie catalog: {names.error}</p>}
      {names.notice && <p className="notice" role="status">{names.notice}</p>}
      <fieldset className="chips">
        <legend>Genres <span className="muted">(any if none)</span></legend>
        {[...names.genres].map(([id, name]) => (
          <label key={id} className="chip">
            <input type="checkbox" checked={p.genreIds.includes(id)} onChange={() => set({ genreIds: toggle(p.genreIds, id) })} /> {name}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={ids.region}>Region</label>
        <select id={ids.region} value={p.region} disabled={midPick} onChange={(e) => set({ region: e.target.value })}>
          {regions.map(([code, name]) => <option key={code} value={code}>{name}</option>)}
        </select>
      </div>
      <fieldset className="chips">
        <legend>Streaming platforms <span className="muted">(any if none)</span></legend>
        {[...names.providers].map(([id, name]) => (
          <label key={id} className="chip">
            <input type="checkbox" checked={p.providerIds.includes(id)} onChange={() => set({ providerIds: toggle(p.providerIds, id) })} /> {name}
          </label>
        ))}
      </fieldset>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.yearFrom}>From year</label>
          <input id={ids.yearFrom} type="number" inputMode="numeric" min={1870} max={2100} value={text.yearFrom} onChange={number('yearFrom')} />
        </div>
        <div className="field">
          <label htmlFor={ids.yearTo}>To year</label>
          <input id={ids.yearTo} type="number" inputMode="numeric" min={1870} max={2100} value={text.yearTo} onChange={number('yearTo')} />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.rating}>Minimum rating (0–10)</label>
          <input id={ids.rating} type="number" inputMode="decimal" min={0} max={10} step={0.5} value={text.minRating} onChange={number('minRating')} />
        </div>
        <div className="field">
          <label htmlFor={ids.runtime}>Maximum runtime (min)</label>
          <input id={ids.runtime} type="number" inputMode="numeric" min={1} max={600} value={text.maxRuntimeMinutes} onChange={number('maxRuntimeMinutes')} />
        </div>
      </div>
      {!midPick && <div className="field">
        <label htmlFor={ids.rule}>A film is a match when</label>
        <select id={ids.rule} value={value.matchRule} onChange={(e) => onChange({ ...value, matchRule: e.target.value as MatchRule })}>
          {(Object.keys(matchRuleText) as MatchRule[]).map((rule) => <option key={rule} value={rule}>{matchRuleText[rule]}</option>)}
        </select>
      </div>}
      {!midPick && (
        <>
          <label className="check"><input type="checkbox" checked={value.endAtFirstMatch ?? false} onChange={(e) => onChange({ ...value, endAtFirstMatch: e.target.checked })} /> End at the first match</label>
          <label className="check"><input type="checkbox" checked={value.deckReadyCheck ?? false} onChange={(e) => onChange({ ...value, deckReadyCheck: e.target.checked })} /> Ask &ldquo;Ready?&rdquo; before the deck opens</label>
        </>
      )}
    </div>
  );
}
