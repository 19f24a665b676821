import { describe, expect, it } from 'vitest';
import { PAGE_PORT } from '../messages';
import { registerPagePort, type PagePort } from './page-port';
import type { Sender } from './service';

function runtime() {
  let onConnect: (port: PagePort) => void = () => undefined;
  return {
    runtime: { onConnect: { addListener: (l: (port: PagePort) => void) => (onConnect = l) } },
    /** Opens a port as a page would, and returns its post. */
    connect(name: string, sender: Sender) {
      let onMessage: (message: unknown) => void = () => undefined;
      onConnect({ name, sender, onMessage: { addListener: (l) => (onMessage = l) } });
      return (message: unknown) => onMessage(message);
    },
  };
}

describe("the webmail pages' port in the background", () => {
  it("hands each message to the message handler with the port's sender, and leaves other ports alone", async () => {
    const rt = runtime();
    const handled: [unknown, Sender][] = [];
    const logged: string[] = [];
    registerPagePort(
      rt.runtime,
      async (message, sender) => {
        handled.push([message, sender]);
        if ((message as { fail?: boolean }).fail) throw new Error('broken');
      },
      (m) => void logged.push(m),
    );
    const gmail = { id: 'ext', url: 'https://mail.google.com/mail/u/0/', tab: { id: 7 } };
    const post = rt.connect(PAGE_PORT, gmail);
    post({ type: 'page/state' });
    post({ type: 'page/raw' });
    rt.connect('replies', { id: 'ext', url: 'chrome-extension://ext/sidepanel.html' })({ type: 'drafts' });
    expect(handled).toEqual([
      [{ type: 'page/state' }, gmail],
      [{ type: 'page/raw' }, gmail],
    ]);
    // A failing message is logged, never thrown into the port.
    post({ fail: true });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(logged).toEqual(['page message failed: Error: broken']);
  });
});
