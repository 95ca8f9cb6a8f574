/// <reference lib="webworker" />
// The service worker: the app SHELL only, so Huddle opens (and says it is offline) without a
// network. It precaches the built files (hashed names, listed by vite-plugin-pwa at build time);
// page navigations go to the network first and fall back to the cached index.html. Nothing else
// is answered from a cache: /api, /hubs, /metrics, /readyz and every live answer pass straight to
// the network (no route matches them, so the browser fetches them as if there were no worker).
// A new build is a new worker: it installs the new precache, takes over at once (skipWaiting +
// clientsClaim) and removes the old one, so an update never leaves the old shell in place.
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

/** Server pages that are not the app: offline they fail like any other request. */
const serverPaths = /^\/(api|hubs|docs|openapi|metrics|healthz|readyz)(\/|$)/;

registerRoute(new NavigationRoute(async ({ request }) => {
  try {
    return await fetch(request);
  } catch (offline) {
    const shell = await matchPrecache('/index.html');
    if (shell) return shell;
    throw offline;
  }
}, { denylist: [serverPaths] }));
