import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCrmDb, type CrmDb } from '../db/db';
import { PANEL_PORT, PanelViewSchema } from '../messages';
import { gmailSender, inquiryPageState, testService } from '@/test/support/background-service';
import { registerPanelPorts, type PanelPort, type PanelPortRuntime } from './panel-port';

// The side panel's views go on its long-lived port while it holds one; with none connected (the
// worker started again and the panel's port closed with the old one) they are broadcast.

const EXTENSION = fakeBrowser.runtime.id;
const sidePanel = { id: EXTENSION, url: `chrome-extension://${EXTENSION}/sidepanel.html` };

function runtime() {
  let onConnect: (port: PanelPort) => void = () => undefined;
  const rt: PanelPortRuntime = {
    id: EXTENSION,
    getURL: (path) => `chrome-extension://${EXTENSION}${path}`,
    onConnect: { addListener: (l) => (onConnect = l) },
  };
  /** Opens a port as a page would: what it receives, and its close as the browser closes it. */
  const connect = (name: string, sender: PanelPort['sender']) => {
    const closers: (() => void)[] = [];
    const port = {
      received: [] as unknown[],
      open: true,
      close() {
        port.open = false;
        for (const c of closers) c();
      },
    };
    onConnect({
      name,
      sender,
      postMessage: (message) => {
        if (!port.open) throw new Error('Attempting to use a disconnected port object');
        port.received.push(message);
      },
      disconnect: () => port.close(),
      onDisconnect: { addListener: (l) => void closers.push(l) },
    });
    return port;
  };
  return { rt, connect };
}

const inquiryState = inquiryPageState();

let db: CrmDb;
let n = 0;
beforeEach(async () => {
  fakeBrowser.reset();
  db = openCrmDb(`panel-port-test-${n++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe("the side panel's port", () => {
  it('carries the card to a connected panel, with no broadcast; with the port closed, views are broadcast', async () => {
    const { rt, connect } = runtime();
    const panels = registerPanelPorts(rt, () => undefined);
    const broadcasts: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
      if ((message as { type?: string }).type === 'panel/changed') broadcasts.push(message);
    });
    const service = testService({ db, panels });
    const viewOf = (message: unknown) => PanelViewSchema.parse((message as { view: unknown }).view);
    const panel = connect(PANEL_PORT, sidePanel);
    // A panel that connects is given the view in hand first (no email open yet).
    expect(panel.received).toMatchObject([{ type: 'panel/changed', view: { state: null, card: null } }]);

    await service.handle({ type: 'page/state', state: inquiryState }, gmailSender());
    expect(panel.received).toHaveLength(2);
    expect(viewOf(panel.received[1]).card?.counterpart.email).toBe('hans@mueller-bau.de');
    expect(broadcasts).toEqual([]);

    // The worker stopped: the port closed with it. The next view is broadcast.
    panel.close();
    await service.handle({ type: 'page/state', state: { kind: 'none', webmail: 'gmail' } }, gmailSender());
    expect(panel.received).toHaveLength(2);
    expect(broadcasts).toMatchObject([{ type: 'panel/changed', view: { card: null } }]);
    // The panel that heard it connects again, and is given the view in hand: the inbox.
    const again = connect(PANEL_PORT, sidePanel);
    expect(viewOf(again.received[0]).state?.kind).toBe('none');
  });

  it('is refused to anything but an extension page: a content script asking for it gets no view', () => {
    const { rt, connect } = runtime();
    const logged: string[] = [];
    const panels = registerPanelPorts(rt, (m) => void logged.push(m));
    const content = connect(PANEL_PORT, { id: EXTENSION, url: 'https://mail.google.com/mail/u/0/' });
    const foreign = connect(PANEL_PORT, {
      id: 'another-extension',
      url: 'chrome-extension://another/x.html',
    });
    expect(content.open).toBe(false);
    expect(foreign.open).toBe(false);
    expect(panels.post({ type: 'panel/changed' })).toBe(false);
    expect(content.received).toEqual([]);
    expect(logged).toEqual([
      'refused a panel port from https://mail.google.com',
      'refused a panel port from chrome-extension://another',
    ]);
    // Another port name is not this one's business.
    const replies = connect('replies', sidePanel);
    expect(replies.open).toBe(true);
    expect(panels.post({ type: 'panel/changed' })).toBe(false);
  });
});
