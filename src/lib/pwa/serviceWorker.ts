// The page's side of the offline app: registers the service worker that scripts/vite/pwa.ts builds,
// says when the app works offline, and when a new version is waiting for the person to take it.
/// <reference types="vite-plugin-pwa/vanillajs" />
import { registerSW } from 'virtual:pwa-register';

export interface ServiceWorkerEvents {
  /** The app is cached: from now on it opens with no network. */
  onOfflineReady(): void;
  /** A new version is installed and waits; `activate()` switches to it and reloads. */
  onUpdateReady(): void;
  /** Registration failed (an old browser, a private window that refuses it): online use goes on. */
  onError(message: string): void;
}

/** How often an open tab asks whether a new version was published. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** Starts the service worker; resolves to the function that moves to a waiting new version. */
export function startServiceWorker(events: ServiceWorkerEvents): () => Promise<void> {
  if (!('serviceWorker' in navigator)) return async () => location.reload();
  const activate = registerSW({
    immediate: true,
    onOfflineReady: events.onOfflineReady,
    onNeedRefresh: events.onUpdateReady,
    onRegisterError: (error: unknown) =>
      events.onError(error instanceof Error ? error.message : String(error)),
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      const check = () => void registration.update().catch(() => undefined);
      // A tab left open for days still learns of a new version: hourly, and when it comes back.
      setInterval(check, UPDATE_CHECK_MS);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') check();
      });
    },
  });
  return () => activate(true);
}
