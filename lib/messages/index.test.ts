import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEED_WRITTEN } from '../db/wake';
import { importsOf } from '../../test/support/imports';
import {
  broadcastView,
  ContentToBackgroundSchema,
  FEED_WRITTEN_TYPE,
  PanelToBackgroundSchema,
  parseToContent,
  ToContentSchema,
} from '.';

const LIB = path.resolve('lib');

describe('the side panel receiving a view', () => {
  it('refuses a malformed one: a could-not-read notice replaces the card, never the view as sent', () => {
    const view = broadcastView({
      type: 'panel/changed',
      view: { tabId: 4, state: { kind: 'inquiry', webmail: 'gmail' }, card: { nonsense: true }, error: null },
    });
    expect(view).toMatchObject({ tabId: 4, card: null, state: { kind: 'unreadable' } });
  });

  it("takes only the background's views: other messages between pages are not views", () => {
    expect(broadcastView(FEED_WRITTEN)).toBeNull();
    expect(broadcastView({ type: 'panel/get' })).toBeNull();
    expect(broadcastView({ type: 'panel/changed' })).toBeNull();
    expect(broadcastView('panel/changed')).toBeNull();
  });
});

describe('one schema per direction', () => {
  it('holds each sender to its own messages', () => {
    const state = { type: 'page/raw', messageId: 'm1', raw: 'Received: x' };
    expect(ContentToBackgroundSchema.safeParse(state).success).toBe(true);
    expect(PanelToBackgroundSchema.safeParse(state).success).toBe(false);
    expect(PanelToBackgroundSchema.safeParse({ type: 'panel/get' }).success).toBe(true);
    expect(ContentToBackgroundSchema.safeParse({ type: 'panel/get' }).success).toBe(false);
    expect(parseToContent({ type: 'page/report' })).toEqual({ ok: true, message: { type: 'page/report' } });
    expect(parseToContent({ type: 'panel/get' })).toMatchObject({ ok: false, reason: /^refused: type / });
  });

  it("accepts the pages' wake-up exactly as lib/db/wake.ts sends it", () => {
    expect(FEED_WRITTEN.type).toBe(FEED_WRITTEN_TYPE);
    expect(PanelToBackgroundSchema.parse(FEED_WRITTEN)).toEqual(FEED_WRITTEN);
  });
});

/** Every lib file a file imports, directly or through others (packages left out). */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  for (const spec of importsOf(readFileSync(file, 'utf8'))) {
    if (!spec.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), spec);
    const target = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => {
      try {
        return readFileSync(f) !== undefined;
      } catch {
        return false;
      }
    });
    if (!target || seen.has(target)) continue;
    seen.add(target);
    reachable(target, seen);
  }
  return seen;
}

describe('the messages floor', () => {
  it('imports only the schemas of what messages carry, never the rooms that send or receive them', () => {
    const rooms = [...reachable(path.join(LIB, 'messages/index.ts'))].map((f) =>
      path.relative(LIB, f).split(path.sep)[0]!.replace(/\.ts$/, ''),
    );
    const upper = ['background', 'adapters', 'replies', 'sync', 'team', 'anymail', 'reminders', 'metrics'];
    expect(rooms.filter((room) => upper.includes(room))).toEqual([]);
    // No database either: the schemas are read by pages and the worker before any book is open.
    expect(
      [...reachable(path.join(LIB, 'messages/index.ts'))].map((f) => path.relative(LIB, f)),
    ).not.toContain(path.join('db', 'db.ts'));
  });

  it('gives the content scripts a receipt check that imports nothing but the field limits (no schema library)', () => {
    const imports = importsOf(readFileSync(path.join(LIB, 'messages/to-content.ts'), 'utf8'));
    expect(imports.sort()).toEqual(['../email-limits']);
  });

  it('checks a message for a content script in the sender as the content script checks it on receipt', () => {
    for (const message of [
      { type: 'page/report' },
      { type: 'compose/insert', text: 'Dear Klaus' },
      { type: 'page/pick-sender', email: 'klaus@hansen.de', name: 'Klaus' },
      { type: 'compose/insert', text: 'x'.repeat(50_001) },
      { type: 'page/pick-sender', email: 'not an address' },
      { type: 'panel/get' },
    ])
      expect(ToContentSchema.safeParse(message).success).toBe(parseToContent(message).ok);
  });
});
