import { useEffect, useState } from 'react';
import { toHuddleError } from '../errors';
import type { SessionController } from '../useSession';
import { linkOutcome, spotify, type SpotifyStatus } from '../spotify';
import { useToast } from '../toasts';

/**
 * The host's Spotify line in the host panel: "Link Spotify" (only when the server has a client id),
 * then the account, the device and the latest problem (no device, Premium required, rate limited…).
 * Re-read after each playback change, since the server tells Spotify just after the commit.
 */
export function SpotifyLink({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const code = d.session.code;
  const token = d.you.participantToken;
  const toast = useToast();
  const [status, setStatus] = useState<SpotifyStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const playback = d.nowPlaying ? `${d.nowPlaying.item.itemId}:${d.nowPlaying.playback.isPlaying}:${d.nowPlaying.playback.updatedAt}` : '';

  useEffect(() => {
    let live = true;
    const load = () => spotify.status(code, token).then((s) => { if (live) setStatus(s); }, () => undefined);
    void load();
    const later = setTimeout(load, 1500);
    return () => { live = false; clearTimeout(later); };
  }, [code, token, playback]);

  // Back from Spotify's consent page: say how it went, once, and drop the parameter from the address.
  useEffect(() => {
    const outcome = new URLSearchParams(location.search).get('spotify');
    if (!outcome) return;
    toast(linkOutcome[outcome] ?? linkOutcome.failed, outcome === 'linked' ? 'info' : 'error');
    history.replaceState(null, '', location.pathname);
  }, [toast]);

  if (!status?.configured) return null;
  const link = async () => {
    setBusy(true);
    try {
      location.assign((await spotify.link(code, token)).authorizeUrl);
    } catch (e) {
      toast(toHuddleError(e).message, 'error');
      setBusy(false);
    }
  };
  const unlink = async () => {
    try {
      await spotify.unlink(code, token);
      setStatus(await spotify.status(code, token));
    } catch (e) {
      toast(toHuddleError(e).message, 'error');
    }
  };

  return (
    <div className="spotify-link" data-testid="spotify-link">
      <h3>Spotify</h3>
      {status.linked ? (
        <p className="muted">
          Linked as <bdi>{status.account}</bdi>{status.device ? <> · playing on <bdi>{status.device}</bdi></> : ''}{' '}
          <button type="button" className="button small ghost" onClick={unlink}>Unlink Spotify</button>
        </p>
      ) : (
        <p className="muted">
          Play the queue on your own Spotify (Premium), on any of your Spotify devices; guests need no account.{' '}
          <button type="button" className="button small" disabled={busy || d.session.status !== 'active'} onClick={link}>Link Spotify</button>
        </p>
      )}
      {status.problem && <p className="notice" role="status" data-testid="spotify-problem">{status.problem.message}</p>}
    </div>
  );
}
