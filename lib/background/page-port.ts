import { PAGE_PORT } from '../messages';
import type { Sender } from './service';

// The background's end of the webmail pages' long-lived port (lib/messages PAGE_PORT): every
// message on it goes to the same handler as a one-off message from that page, with the port's
// sender, so it is checked and validated exactly alike.

export interface PagePort {
  name: string;
  sender?: Sender;
  onMessage: { addListener(listener: (message: unknown) => void): void };
}

export interface PagePortRuntime {
  onConnect: { addListener(listener: (port: PagePort) => void): void };
}

export function registerPagePort(
  runtime: PagePortRuntime,
  handle: (message: unknown, sender: Sender) => Promise<unknown>,
  log: (message: string) => void = (message) => console.warn(message),
): void {
  runtime.onConnect.addListener((port) => {
    if (port.name !== PAGE_PORT) return;
    const sender: Sender = port.sender ?? {};
    port.onMessage.addListener((message) => {
      handle(message, sender).catch((error: unknown) => log(`page message failed: ${String(error)}`));
    });
  });
}
