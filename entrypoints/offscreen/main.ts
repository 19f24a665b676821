// The offscreen document (chrome.offscreen, reason WORKERS) exists only to start the valuation
// worker: a service worker cannot start a Worker itself. The worker talks to the background
// directly over a BroadcastChannel (lib/value/valuer-protocol.ts); this page does nothing else,
// so its thread, which the side panel's may share, stays idle.
import ValuerWorker from './valuer.worker.ts?worker';

new ValuerWorker();
