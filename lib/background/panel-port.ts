import { PANEL_PORT } from '../messages';

// The background's end of the side panel's long-lived port (lib/messages PANEL_PORT). Each view is
// posted to the panels connected on it: one message on an open channel, instead of a broadcast
// that opens a channel to every extension page for each view. With no panel connected (none is
// open, or the worker started again and the panels' ports closed with the old one) the caller
// broadcasts; a panel that hears a broadcast connects again. Nothing reconnects eagerly: a port
// reopened at each close would start the worker again and again. A panel that connects is sent
// the view in hand at once, first on its port: a broadcast still on its way when the port opened,
// taken after a newer view, is followed by the newest one.

export interface PanelPort {
  name: string;
  sender?: { id?: string; url?: string };
  postMessage(message: unknown): void;
  disconnect(): void;
  onDisconnect: { addListener(listener: () => void): void };
}

export interface PanelPortRuntime {
  id: string;
  getURL(path: string): string;
  onConnect: { addListener(listener: (port: PanelPort) => void): void };
}

export interface PanelPorts {
  /** Posts the message to every connected panel; false when none is connected (then broadcast it). */
  post(message: unknown): boolean;
  /** What a panel is sent when it connects (the view in hand). */
  greet(first: () => unknown): void;
}

export function registerPanelPorts(
  runtime: PanelPortRuntime,
  log: (message: string) => void = (message) => console.warn(message),
): PanelPorts {
  const ports = new Set<PanelPort>();
  let first: (() => unknown) | null = null;
  runtime.onConnect.addListener((port) => {
    if (port.name !== PANEL_PORT) return;
    // Views carry the rep's mail and book: only the extension's own pages may hold this port
    // (a content script can open a port of any name too).
    const url = port.sender?.url ?? '';
    if (port.sender?.id !== runtime.id || !url.startsWith(runtime.getURL('/'))) {
      log(`refused a panel port from ${/^[a-z-]+:\/\/[^/]+/.exec(url)?.[0] || url || 'nowhere'}`);
      port.disconnect();
      return;
    }
    ports.add(port);
    port.onDisconnect.addListener(() => ports.delete(port));
    try {
      if (first) port.postMessage(first());
    } catch {
      ports.delete(port);
    }
  });
  return {
    post(message) {
      let posted = false;
      for (const port of [...ports]) {
        try {
          port.postMessage(message);
          posted = true;
        } catch {
          // Closed under us: its close is on its way.
          ports.delete(port);
        }
      }
      return posted;
    },
    greet(make) {
      first = make;
    },
  };
}
