import type { SessionController } from '../useSession';
import { hostAwayNotice } from '../hostAway';
import { useNow } from '../time';

/**
 * The host's connection closed (a closed tab, a phone asleep): nothing the host alone can do happens
 * until they are back or, at the server's deadline, the role passes to someone here. Saying so, with
 * the time left, is what keeps frozen host controls from looking broken.
 */
export function HostAway({ session }: { session: SessionController }) {
  const now = useNow(1000, () => session.hub.current?.serverNow() ?? Date.now());
  const notice = hostAwayNotice(session.state.data!, now);
  if (!notice) return null;
  const host = <bdi>{notice.host}</bdi>;
  return (
    <p className="banner" role="status" data-testid="host-away">
      <strong>Host away</strong>
      {notice.left === null
        ? <> — {host} is not connected. Host controls come back when they return.</>
        : <>
            {' '}— if {host} does not return, host controls pass to {notice.next === 'you' ? 'you' : notice.next ? <bdi>{notice.next}</bdi> : 'the next person here'} in{' '}
            {/* Ticks every second: kept out of the live region so screen readers are not told each second. */}
            <span aria-live="off" className="mono" data-testid="host-away-left">{notice.left}</span>.
          </>}
    </p>
  );
}
