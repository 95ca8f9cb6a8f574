import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { deckReadyCount, summaryLines } from '../pickOptions';
import type { SessionController } from '../useSession';
import type { MovieResults } from '../types';
import { MoviePreferencesForm, type MovieNightOptions } from './MoviePreferencesForm';

/**
 * The deck's ready check (docs/movies.md#changing-course-during-the-pick), the shape of the watch party's:
 * members tap "Ready?", the host and moderators see the count and can open the deck anyway.
 */
export function DeckGate({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const ready = d.deck!.deckReady;
  if (!ready) return null;
  const count = deckReadyCount(ready, d.participants, d.session.hostId, d.you.participantId);
  const runs = session.role !== 'member';
  return (
    <div className="deck-gate" role="group" aria-label="Deck ready check">
      <p>The deck opens for everyone at once.</p>
      <span role="status" data-testid="deck-ready-count">{count.ready}/{count.of} ready</span>{' '}
      {count.mine && <button type="button" className="button primary" onClick={() => void session.run((h) => h.markDeckReady())}>Ready?</button>}
      {runs && <button type="button" className="button" onClick={() => void session.run((h) => h.openDeck())}>Open the deck now</button>}
    </div>
  );
}

/** The host's (and moderators') course changes: new filters mid-pick, end at the first match, the deck's ready check. */
export function PickSettings({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const deck = d.deck!;
  const settings = d.session.settings;
  const [options, setOptions] = useState<MovieNightOptions>({ preferences: deck.preferences, matchRule: settings.matchRule });
  useEffect(() => setOptions((o) => ({ ...o, preferences: deck.preferences })), [deck.preferences]);
  if (d.session.status !== 'active') return null;
  const picked = d.nowPlaying !== null;
  const apply = (e: FormEvent) => {
    e.preventDefault();
    void session.run((h) => h.changePreferences(options.preferences));
  };
  return (
    <section className="card" aria-labelledby="pick-settings-heading">
      <h2 id="pick-settings-heading">Change course</h2>
      <label className="check">
        <input type="checkbox" checked={settings.endAtFirstMatch ?? false}
          onChange={(e) => void session.run((h) => h.updateSettings({ endAtFirstMatch: e.target.checked }))} />
        {' '}End at the first match (it becomes the film)
      </label>
      <label className="check">
        <input type="checkbox" checked={settings.deckReadyCheck ?? false}
          onChange={(e) => void session.run((h) => h.updateSettings({ deckReadyCheck: e.target.checked }))} />
        {' '}Ask &ldquo;Ready?&rdquo; before a new deck opens
      </label>
      {!picked && !deck.deckReady && (
        <button type="button" className="button" onClick={() => void session.run((h) => h.startDeckReadyCheck())}>Ask if everyone is ready</button>
      )}
      <details>
        <summary>Change the filters</summary>
        <form onSubmit={apply} aria-label="Change the filters">
          <MoviePreferencesForm value={options} onChange={setOptions} midPick />
          <p className="muted small">Choices on films that still fit stay; matches stay; a new deal joins.</p>
          <button type="submit" className="button primary">Deal with these filters</button>
        </form>
      </details>
    </section>
  );
}

/** The end summary, from the server's session summary (the same for everyone, also after the session ended). */
export function PickSummary({ code }: { code: string }) {
  const [results, setResults] = useState<MovieResults | null>(null);
  useEffect(() => {
    let live = true;
    api.getSession(code).then((s) => { if (live && s.movie) setResults(s.movie); }, () => {});
    return () => { live = false; };
  }, [code]);
  if (!results) return null;
  const lines = summaryLines(results);
  return (
    <section className="card" aria-labelledby="pick-summary-heading">
      <h2 id="pick-summary-heading">How the movie night went</h2>
      <p data-testid="summary-pick">{lines.picked ? <>The pick: <strong><bdi>{lines.picked}</bdi></strong></> : 'No film was picked.'}</p>
      <p>Who came: <bdi>{lines.came}</bdi></p>
      {lines.films.length > 0 && (
        <ol aria-label="Likes and passes per film">
          {lines.films.map((f) => <li key={f}><bdi>{f}</bdi></li>)}
        </ol>
      )}
    </section>
  );
}
