// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '@/lib/i18n';
import type { Card } from '@/lib/enrich/card';
import { makeCard } from '@/test/support/cards';
import { portPair } from '@/test/support/port-pair';
import { CardView } from './CardView';

// The card's first screen (who wrote, the tier and stage, the risk) is on the page before its
// longer sections (the company, drafts, log form, history) are drawn: the rep reads the top of
// the card while the rest follows. Rendered as the browser does, outside act(), so each of
// React's renders lands in its own task and the page can be seen between them.

interface Seen {
  ids: Set<string>;
  /** The header's address and the lower section's contact name. */
  header: string;
  contact: string | null;
}

let root: Root | null = null;
let host: HTMLElement | null = null;
beforeEach(() => {
  // The drafts' connection to the background: one that no one answers.
  const connect = portPair('chrome-extension://abc/sidepanel.html', () => undefined);
  vi.spyOn(fakeBrowser.runtime, 'connect').mockImplementation(((info?: { name?: string }) =>
    connect(info?.name ?? '')) as never);
});
afterEach(() => {
  vi.restoreAllMocks();
  root?.unmount();
  host?.remove();
  root = null;
  host = null;
});

/** Renders the cards one after another, each until it is whole, and records the page at each change. */
async function watch(cards: Card[]): Promise<Seen[]> {
  const flags = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
  const before = flags.IS_REACT_ACT_ENVIRONMENT;
  flags.IS_REACT_ACT_ENVIRONMENT = false;
  const el = document.createElement('div');
  host = el;
  document.body.append(el);
  const seen: Seen[] = [];
  const observer = new MutationObserver(() =>
    seen.push({
      ids: new Set([...el.querySelectorAll('[data-testid]')].map((e) => e.getAttribute('data-testid')!)),
      header: el.querySelector('[data-testid="sender-email"]')?.textContent ?? '',
      contact: el.querySelector('[data-testid="contact-name"]')?.textContent ?? null,
    }),
  );
  observer.observe(el, { subtree: true, childList: true, characterData: true });
  root = createRoot(el);
  const i18n = createI18n('en');
  try {
    for (const card of cards) {
      root.render(
        <I18nextProvider i18n={i18n}>
          <CardView card={card} />
        </I18nextProvider>,
      );
      for (let i = 0; i < 400; i++) {
        if (el.querySelector('[data-testid="contact-name"]')?.textContent === card.contact!.name) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    observer.disconnect();
    flags.IS_REACT_ACT_ENVIRONMENT = before;
  }
  return seen;
}

const known = (email: string, name: string): Card => {
  const card = makeCard('Please quote 500 panel lights.', {
    known: true,
    interactions: 12,
    orders: 3,
    value: { tier: 'key', stage: 'stable', task: 'retain' },
    risk: 'low',
    inquiry: { from: { name, email }, messageId: `m-${email}`, threadId: `t-${email}` },
  });
  return { ...card, contact: { ...card.contact!, name } };
};

describe("the card's first screen", () => {
  it('is on the page before the company, the drafts, the log form and the history', async () => {
    const seen = await watch([known('anna.schmidt@lichtbau.de', 'Anna Schmidt')]);
    const first = seen.find((s) => s.ids.has('sender-email'));
    expect(first, 'the card never showed').toBeDefined();
    expect([...first!.ids]).toEqual(expect.arrayContaining(['sender-name', 'card-summary', 'summary-tier']));
    expect(first!.ids.has('company')).toBe(false);
    expect(seen.at(-1)!.ids.has('company')).toBe(true);
  });

  it("never shows one email's lower sections under another's header", async () => {
    const seen = await watch([
      known('anna.schmidt@lichtbau.de', 'Anna Schmidt'),
      known('li.wei@example.cn', 'Li Wei'),
    ]);
    const underLi = seen.filter((s) => s.header.includes('li.wei') && s.contact !== null);
    expect(underLi.length).toBeGreaterThan(0);
    expect(underLi.map((s) => s.contact)).toEqual(underLi.map(() => 'Li Wei'));
  });
});
