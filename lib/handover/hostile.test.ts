import { afterEach, describe, expect, it } from 'vitest';
import type { CrmDb } from '../db/db';
import { HANDOVER_ERROR_CODES, HandoverError, type HandoverErrorCode } from './errors';
import { exportBook } from './export';
import { emptyCounts } from './format';
import { importBundle, previewImport, restoreBook } from './import';
import {
  alice,
  collectText,
  company,
  contact,
  craftBundle,
  emptyBook,
  fillSampleBook,
  snapshot,
  T0,
} from '../../test/support/handover-book';
import en from '../i18n/locales/en/handover.json';
import zh from '../i18n/locales/zh-CN/handover.json';

const opened: CrmDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

async function sampleBook(): Promise<CrmDb> {
  const db = emptyBook();
  opened.push(db);
  await fillSampleBook(db);
  return db;
}

/** Imports, previews and restores the bundle: each must fail with `code` and leave the book as it was. */
async function expectRefused(source: () => Parameters<typeof importBundle>[1], code: HandoverErrorCode) {
  const db = await sampleBook();
  const before = await snapshot(db);
  for (const attempt of [importBundle, previewImport, restoreBook]) {
    const error = await attempt(db, source()).catch((e: unknown) => e);
    expect(error, attempt.name).toBeInstanceOf(HandoverError);
    expect((error as HandoverError).code, attempt.name).toBe(code);
  }
  expect(await snapshot(db)).toEqual(before);
}

async function goodBundle(): Promise<string> {
  return collectText(exportBook(await sampleBook(), { now: T0 }));
}

describe('hostile and corrupt bundles write nothing', () => {
  it('refuses a bundle cut short (no trailer)', async () => {
    const text = await goodBundle();
    const lines = text.trim().split('\n');
    await expectRefused(() => lines.slice(0, -1).join('\n') + '\n', 'truncated');
  });

  it('refuses a bundle cut in the middle of a line', async () => {
    const text = await goodBundle();
    await expectRefused(() => text.slice(0, Math.floor(text.length * 0.7)), 'invalid-json');
  });

  it('refuses another file format and a future version', async () => {
    await expectRefused(() => craftBundle([], { format: 'someone-else/crm' }), 'wrong-format');
    await expectRefused(() => craftBundle([], { version: 2 }), 'unsupported-version');
  });

  it('refuses a bundle whose content does not match its checksum', async () => {
    const text = await goodBundle();
    await expectRefused(
      () => text.replace('Met at Canton Fair 2024', 'Met at Canton Fair 2023'),
      'bad-checksum',
    );
  });

  it('refuses records of the wrong type and says where', async () => {
    const bad = { ...company('acme'), domains: 'acme.example' };
    await expectRefused(
      () =>
        craftBundle([
          { t: 'companies', r: company('ok') },
          { t: 'companies', r: bad },
        ]),
      'invalid-record',
    );
    const error = (await importBundle(emptyBook(), craftBundle([{ t: 'companies', r: bad }])).catch(
      (e: unknown) => e,
    )) as HandoverError;
    expect(error.params).toEqual({ line: 2, table: 'companies', field: 'domains' });
    await expectRefused(
      () => craftBundle([{ t: 'orders', r: { id: 'o', amount: 'NaN' } }]),
      'invalid-record',
    );
    await expectRefused(() => craftBundle([{ t: 'secrets', r: {} }]), 'unknown-table');
  });

  it('refuses prototype-pollution keys anywhere, however they are spelled', async () => {
    const knowledge = (fields: string) =>
      `{"t":"knowledge","r":{"id":"k","kind":"faq","title":"t","body":"b","fields":${fields},"tags":[],"language":"en","authorRepId":"a","createdAt":1,"updatedAt":1}}`;
    await expectRefused(() => craftBundle([knowledge('{"__proto__":{"polluted":"yes"}}')]), 'forbidden-key');
    await expectRefused(
      () => craftBundle([knowledge('{"\\u005f_proto__":{"polluted":"yes"}}')]),
      'forbidden-key',
    );
    await expectRefused(
      () => craftBundle([knowledge('{"constructor":{"prototype":{"polluted":"yes"}}}')]),
      'forbidden-key',
    );
    await expectRefused(
      () => craftBundle([{ t: 'settings', r: { key: 'x', value: { a: [{ prototype: 1 }] } } }]),
      'forbidden-key',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The words themselves in a note are fine.
    const db = emptyBook();
    opened.push(db);
    await importBundle(
      db,
      craftBundle([{ t: 'companies', r: company('c', { notes: 'constructor of prototype __proto__' }) }]),
    );
    expect((await db.companies.get('c'))?.notes).toBe('constructor of prototype __proto__');
  });

  it('refuses records before the header, out of order, or after the trailer', async () => {
    await expectRefused(() => JSON.stringify({ t: 'companies', r: company('a') }) + '\n', 'not-a-bundle');
    await expectRefused(
      () =>
        craftBundle([
          { t: 'companies', r: company('a') },
          { t: 'reps', r: alice },
        ]),
      'out-of-order',
    );
    await expectRefused(async function* () {
      yield craftBundle([{ t: 'companies', r: company('a') }]);
      yield JSON.stringify({ t: 'companies', r: company('b') }) + '\n';
    }, 'data-after-trailer');
  });

  it('tolerates the few blank lines an editor adds after the trailer, and refuses more', async () => {
    const bundle = craftBundle([{ t: 'companies', r: company('a') }]);
    const db = emptyBook();
    opened.push(db);
    await importBundle(db, bundle + '\r\n\n  \n\t\n');
    expect(await db.companies.count()).toBe(1);
    await expectRefused(() => bundle + '\n'.repeat(5), 'data-after-trailer');
    await expectRefused(() => bundle + ' '.repeat(2000), 'data-after-trailer');
    // Endless padding is refused on its first chunk, not read to the end.
    let pulled = 0;
    const padded = async function* () {
      yield bundle;
      for (let i = 0; i < 16_384; i++) {
        pulled++;
        yield i % 2 ? ' '.repeat(64 * 1024) : '\n'.repeat(64 * 1024);
      }
    };
    await expectRefused(padded, 'data-after-trailer');
    expect(pulled).toBe(3); // one chunk for each of import, preview and restore
  });

  it('refuses a header that lies about the counts', async () => {
    const counts = { ...emptyCounts(), companies: 2 };
    await expectRefused(
      () => craftBundle([{ t: 'companies', r: company('a') }], { counts }),
      'count-mismatch',
    );
  });

  it('refuses an empty file and bytes that are not UTF-8', async () => {
    await expectRefused(() => '', 'empty-file');
    const bytes = new TextEncoder().encode(craftBundle([{ t: 'companies', r: company('a', { name: 'Ä' }) }]));
    const at = bytes.indexOf(0xc3);
    bytes[at] = 0xff;
    const headerEnd = bytes.indexOf(10) + 1;
    await expectRefused(function* () {
      yield bytes.slice(0, headerEnd);
      yield bytes.slice(headerEnd);
    }, 'invalid-encoding');
  });

  it('stops reading 1 GB of junk at once, and an endless line after 8 MB', async () => {
    const chunk = new Uint8Array(64 * 1024).map((_, i) => (i * 7919) % 251);
    let pulled = 0;
    const junk = async function* () {
      for (let i = 0; i < 16_384; i++) {
        pulled++;
        yield chunk;
      }
    };
    await expectRefused(junk, 'not-a-bundle');
    expect(pulled).toBe(3); // one chunk for each of import, preview and restore
    pulled = 0;
    const braces = async function* () {
      for (let i = 0; i < 16_384; i++) {
        pulled++;
        yield '{'.repeat(64 * 1024);
      }
    };
    await expectRefused(braces, 'not-a-bundle');
    expect(pulled).toBeLessThanOrEqual(3 * 2);
    pulled = 0;
    const header = craftBundle([]).split('\n')[0]! + '\n';
    const endlessLine = async function* () {
      yield header;
      for (let i = 0; i < 1024; i++) {
        pulled++;
        yield 'a'.repeat(1024 * 1024);
      }
    };
    await expectRefused(endlessLine, 'line-too-long');
    expect(pulled).toBeLessThanOrEqual(3 * 9);
  });
});

describe('bundles are checked for what later code assumes', () => {
  it('refuses dates outside the book range (9e15 made CSV export, the dashboard and the drafts throw)', async () => {
    await expectRefused(
      () => craftBundle([{ t: 'companies', r: company('a', { createdAt: 9e15 }) }]),
      'invalid-record',
    );
    const error = (await importBundle(
      emptyBook(),
      craftBundle([{ t: 'companies', r: company('a', { updatedAt: -8.64e15 }) }]),
    ).catch((e: unknown) => e)) as HandoverError;
    expect(error.params).toMatchObject({ table: 'companies', field: 'updatedAt' });
    await expectRefused(() => craftBundle([], { exportedAt: 9e15 }), 'not-a-bundle');
  });

  it('refuses settings nested deeper or larger than a setting can be (they passed the preview and failed the import)', async () => {
    const deep = `{"t":"settings","r":{"key":"x","value":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    await expectRefused(() => craftBundle([deep]), 'invalid-record');
    const big = { t: 'settings', r: { key: 'x', value: Array.from({ length: 60_000 }, () => 'abcdefgh') } };
    await expectRefused(() => craftBundle([big]), 'invalid-record');
  });

  it('refuses two records with one id: they are not "two added", one would overwrite the other', async () => {
    await expectRefused(
      () =>
        craftBundle([
          { t: 'companies', r: company('same', { name: 'First', domains: ['first.example'] }) },
          { t: 'companies', r: company('same', { name: 'Second', domains: ['second.example'] }) },
        ]),
      'duplicate-id',
    );
    const error = (await previewImport(
      emptyBook(),
      craftBundle([
        { t: 'reps', r: alice },
        { t: 'reps', r: alice },
      ]),
    ).catch((e: unknown) => e)) as HandoverError;
    expect(error.params).toEqual({ line: 3, table: 'reps', id: alice.id });
  });

  it('merges two companies of one bundle that share a domain into one, as it merges with the book', async () => {
    const db = emptyBook();
    opened.push(db);
    const report = await importBundle(
      db,
      craftBundle([
        { t: 'companies', r: company('one', { name: 'Acme', domains: ['acme.example'] }) },
        { t: 'companies', r: company('two', { name: 'Acme Ltd', domains: ['acme.example', 'acme.co.uk'] }) },
        { t: 'contacts', r: { ...contact('k', 'two'), emails: ['k@acme.co.uk'] } },
      ]),
    );
    expect(report.tables.companies).toMatchObject({ incoming: 2, added: 1, merged: 1 });
    const companies = await db.companies.toArray();
    expect(companies).toHaveLength(1);
    expect(companies[0]!.domains.sort()).toEqual(['acme.co.uk', 'acme.example']);
    expect((await db.contacts.get('k'))?.companyId).toBe('one');
  });

  it('applies the line limit however the file is cut into chunks, one big chunk included', async () => {
    const longLine = JSON.stringify({
      t: 'companies',
      r: company('a', { notes: 'x'.repeat(9 * 1024 * 1024) }),
    });
    await expectRefused(() => craftBundle([longLine]), 'line-too-long');
  });
});

describe('error messages', () => {
  it('has a message in English and Chinese for every error code', () => {
    for (const code of HANDOVER_ERROR_CODES) {
      expect(en.error[code], code).toBeTruthy();
      expect(zh.error[code], code).toBeTruthy();
    }
  });
});
