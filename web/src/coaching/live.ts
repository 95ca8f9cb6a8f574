import { HttpTransportType, HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import { useEffect, useRef } from 'react';
import { auth, type AvailabilityChanged, type BookingChanged } from './api';

/**
 * One hub connection for the coaching screens: signed in, it carries the access token (so the
 * server puts it in the account's group for bookingChanged); it re-watches coaches on reconnect.
 */
export function connect(url = '/hubs/session'): HubConnection {
  return new HubConnectionBuilder()
    .withUrl(url, {
      transport: HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling,
      accessTokenFactory: () => auth.get()?.accessToken ?? '',
    })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(500 * 2 ** ctx.previousRetryCount, 5000) })
    .configureLogging(LogLevel.None)
    .build();
}

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
    const connection = connect();
    let stopped = false;
    const watch = async () => {
      if (connection.state !== HubConnectionState.Connected) return;
      const coachId = ref.current.watchCoach;
      if (coachId) await connection.invoke('WatchCoach', { coachId });
      if (ref.current.watchDirectory) await connection.invoke('WatchDirectory');
    };
    connection.on('availabilityChanged', (e: AvailabilityChanged) => ref.current.onAvailability?.(e));
    connection.on('bookingChanged', (e: BookingChanged) => ref.current.onBooking?.(e));
    connection.onreconnected(async () => {
      await watch();
      ref.current.onReconnected?.();
    });
    (async () => {
      try {
        await connection.start();
        if (stopped) return;
        await watch();
        // Anything that changed while connecting: fetch again.
        ref.current.onReconnected?.();
      } catch { /* automatic reconnect only covers established connections; the screen still works by REST */ }
    })();
    return () => { stopped = true; void connection.stop(); };
  }, [handlers.watchCoach, handlers.watchDirectory, token]);
}
