import { useEffect, useRef } from 'react';
import { HubClient, SessionFeed } from '../hub';
import { auth, type AvailabilityChanged, type BookingChanged } from './api';

/**
 * A hub client for the coaching screens: signed in, it carries the access token (so the server
 * puts it in the account's group for bookingChanged, and admits it to its live rooms).
 */
export const coachingHub = (url = '/hubs/session') => new HubClient(url, { accessToken: () => auth.get()?.accessToken ?? '' });

type Handlers = {
  watchCoach?: string;
  /** The directory: availabilityChanged for every coach. */
  watchDirectory?: boolean;
  onAvailability?: (e: AvailabilityChanged) => void;
  onBooking?: (e: BookingChanged) => void;
  onReconnected?: () => void;
};

export function useCoachingLive(handlers: Handlers) {
  const ref = useRef(handlers);
  ref.current = handlers;
  const token = auth.get()?.accessToken ?? '';
  useEffect(() => {
    const hub = coachingHub();
    // Nothing to join here: "joining" is watching the coach (or the directory) again after every
    // (re)connect, and the "snapshot" is the screen fetching again what changed meanwhile, by REST.
    const watch = async () => {
      const coachId = ref.current.watchCoach;
      if (coachId) await hub.watchCoach(coachId);
      if (ref.current.watchDirectory) await hub.watchDirectory();
    };
    const feed = new SessionFeed(hub, {
      join: watch,
      resync: watch,
      version: () => 0,
      snapshot: () => ref.current.onReconnected?.(),
      joinFailed: () => false, // the screen still works by REST
    });
    hub.on('availabilityChanged', (e) => ref.current.onAvailability?.(e));
    hub.on('bookingChanged', (e) => ref.current.onBooking?.(e));
    feed.start();
    return () => feed.stop();
  }, [handlers.watchCoach, handlers.watchDirectory, token]);
}
