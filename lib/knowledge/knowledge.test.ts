import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { KnowledgeItemSchema } from '../db/types';
import { createI18n } from '../i18n';
import { demoKnowledge } from './demo';
import { exportKnowledgeCsv, exportKnowledgeJson, importKnowledge, parseKnowledgeCsv } from './io';
import { matchFaqs, matchProducts, detectTopics } from './match';
import {
  deleteKnowledge,
  KNOWLEDGE_PROBLEMS,
  KnowledgeValidationError,
  listKnowledge,
  loadDemoKnowledge,
  saveKnowledge,
} from './store';

let db: CrmDb;
beforeEach(() => {
  db = openCrmDb(`knowledge-${Math.random()}`);
});
afterEach(() => db.close());

describe('knowledge store', () => {
  it('adds, edits and deletes an item, keeping who wrote it and when', async () => {
    const added = await saveKnowledge(
      db,
      {
        kind: 'faq',
        title: 'Samples',
        body: 'Free for VIPs',
        fields: { topic: 'samples' },
        tags: [],
        language: 'en',
      },
      { now: 1000, authorRepId: 'rep-a' },
    );
    expect(added).toMatchObject({ authorRepId: 'rep-a', createdAt: 1000, updatedAt: 1000 });
    const edited = await saveKnowledge(
      db,
      { ...added, body: 'Paid, refunded on order' },
      { now: 2000, authorRepId: 'rep-b' },
    );
    expect(edited).toMatchObject({ id: added.id, authorRepId: 'rep-a', createdAt: 1000, updatedAt: 2000 });
    expect((await listKnowledge(db)).map((i) => i.body)).toEqual(['Paid, refunded on order']);
    await deleteKnowledge(db, added.id);
    expect(await listKnowledge(db)).toEqual([]);
  });

  it('refuses an item without a title and says which field is wrong', async () => {
    const attempt = saveKnowledge(db, {
      kind: 'product',
      title: '  ',
      body: '',
      fields: {},
      tags: [],
      language: 'en',
    });
    await expect(attempt).rejects.toBeInstanceOf(KnowledgeValidationError);
    await expect(attempt).rejects.toThrow(/title/);
    expect(await db.knowledge.count()).toBe(0);
  });

  it('lists products, then FAQ, then templates', async () => {
    await loadDemoKnowledge(db, 0);
    const kinds = (await listKnowledge(db)).map((i) => i.kind);
    expect(kinds.indexOf('faq')).toBeGreaterThan(kinds.lastIndexOf('product'));
    expect(kinds.indexOf('template')).toBeGreaterThan(kinds.lastIndexOf('faq'));
  });
});

describe('demo knowledge', () => {
  it('is a valid, repeatable set covering products, FAQ topics and every template a rep needs', async () => {
    const items = demoKnowledge(0);
    for (const item of items) expect(KnowledgeItemSchema.safeParse(item).success).toBe(true);
    const products = items.filter((i) => i.kind === 'product');
    expect(products.length).toBeGreaterThanOrEqual(4);
    for (const p of products)
      for (const f of ['specs', 'moq', 'leadTime', 'priceTerms', 'certifications'])
        expect(p.fields[f]).toBeTruthy();
    const topics = new Set(items.filter((i) => i.kind === 'faq').map((i) => i.fields.topic));
    for (const t of ['samples', 'moq', 'payment', 'shipping', 'certifications']) expect(topics).toContain(t);
    const templates = items.filter((i) => i.kind === 'template');
    for (const intent of ['price-inquiry', 'sample-request', 'complaint', 'order', 'verification']) {
      expect(
        templates
          .filter((t) => t.fields.intent === intent)
          .map((t) => t.language)
          .sort(),
      ).toEqual(['en', 'zh-CN']);
    }
    await loadDemoKnowledge(db, 0);
    await loadDemoKnowledge(db, 0);
    expect(await db.knowledge.count()).toBe(items.length);
  });
});

describe('knowledge import and export', () => {
  it('round-trips the demo set through JSON and through CSV', async () => {
    const items = demoKnowledge(5);
    const json = await importKnowledge(db, exportKnowledgeJson(items), 'json');
    expect(json).toEqual({ ok: true, created: items.length, updated: 0 });
    const csv = exportKnowledgeCsv(await listKnowledge(db));
    const other = openCrmDb(`knowledge-${Math.random()}`);
    expect(await importKnowledge(other, csv, 'csv', { now: 5 })).toEqual({
      ok: true,
      created: items.length,
      updated: 0,
    });
    const byId = (list: typeof items) => list.sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(await other.knowledge.toArray())).toEqual(byId(items));
    other.close();
  });

  it('keeps who wrote each item and when through CSV, and tags with ; or \\ in them', () => {
    const [product, faq] = demoKnowledge(0);
    const items = [
      {
        ...product!,
        authorRepId: 'rep-lily',
        createdAt: Date.UTC(2024, 0, 15, 8, 30, 12, 345),
        updatedAt: Date.UTC(2026, 4, 2, 17, 1, 0, 7),
        tags: ['indoor; office', 'UGR<19;DALI', 'C:\\specs\\', 'plain'],
      },
      {
        ...faq!,
        authorRepId: '=rep-tom',
        createdAt: Date.UTC(2025, 11, 31, 23, 59, 59, 999),
        updatedAt: Date.UTC(2025, 11, 31, 23, 59, 59, 999),
        tags: [],
      },
    ];
    const parsed = parseKnowledgeCsv(exportKnowledgeCsv(items), { now: 1, authorRepId: 'importer' });
    expect(parsed).toEqual({ ok: true, items });
  });

  it('reads bookkeeping a person typed: an ISO date or milliseconds, and says when a date is not one', () => {
    const csv = [
      'kind,title,authorRepId,createdAt,updatedAt',
      'faq,Payment,rep-a,2026-03-01,1767225600000',
      'faq,Samples,,,',
      'faq,Warranty,,next Tuesday,',
    ].join('\n');
    expect(parseKnowledgeCsv(csv, { now: 5, authorRepId: 'me' })).toEqual({
      ok: false,
      errors: [{ row: 4, code: 'invalid', params: { field: 'createdAt' } }],
    });
    const ok = parseKnowledgeCsv(csv.split('\n').slice(0, 3).join('\n'), { now: 5, authorRepId: 'me' });
    expect(
      ok.ok && ok.items.map(({ authorRepId, createdAt, updatedAt }) => [authorRepId, createdAt, updatedAt]),
    ).toEqual([
      ['rep-a', Date.UTC(2026, 2, 1), 1767225600000],
      ['me', 5, 5],
    ]);
  });

  it('writes nothing when any row is bad and names every bad row', async () => {
    const csv = [
      'kind,title,body,fields.moq',
      'product,Panel light,Good one,300 pcs',
      'gadget,Mystery,?,',
      'faq,,No title,',
      'faq,Payment,"30% deposit, 70% before shipment",',
    ].join('\n');
    const result = await importKnowledge(db, csv, 'csv');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        { row: 3, code: 'not-one-of', params: { field: 'kind', allowed: 'product, faq, template' } },
        { row: 4, code: 'required', params: { field: 'title' } },
      ]);
    }
    expect(await db.knowledge.count()).toBe(0);
  });

  it('rejects a JSON file with a repeated id or bad shape, and updates existing items by id', async () => {
    const dup = JSON.stringify([
      { id: 'a', kind: 'faq', title: 'One' },
      { id: 'a', kind: 'faq', title: 'Two' },
    ]);
    expect(await importKnowledge(db, dup, 'json')).toEqual({
      ok: false,
      errors: [{ row: 2, code: 'repeated-id', params: { id: 'a', first: 1 } }],
    });
    expect(await importKnowledge(db, '{"nope": 1}', 'json')).toEqual({
      ok: false,
      errors: [{ row: 0, code: 'not-a-list', params: {} }],
    });
    expect(await importKnowledge(db, 'not json', 'json')).toMatchObject({
      ok: false,
      errors: [{ row: 0, code: 'not-json', params: { detail: expect.any(String) } }],
    });
    expect(await importKnowledge(db, '[]', 'json')).toEqual({
      ok: false,
      errors: [{ row: 0, code: 'empty-file', params: {} }],
    });
    await importKnowledge(db, JSON.stringify([{ id: 'a', kind: 'faq', title: 'One' }]), 'json', { now: 1 });
    const again = await importKnowledge(
      db,
      JSON.stringify({ items: [{ id: 'a', kind: 'faq', title: 'New' }] }),
      'json',
      { now: 9 },
    );
    expect(again).toEqual({ ok: true, created: 0, updated: 1 });
    expect(await db.knowledge.get('a')).toMatchObject({ title: 'New', createdAt: 1 });
  });

  it('says what is wrong with a CSV file as codes the page translates', () => {
    expect(parseKnowledgeCsv('title,body\nLamp,x\n')).toEqual({
      ok: false,
      errors: [{ row: 1, code: 'missing-columns', params: { columns: 'kind' } }],
    });
    expect(parseKnowledgeCsv('kind,title,body\nfaq,A,b\nfaq,Payment,"30% deposit\n')).toEqual({
      ok: false,
      errors: [{ row: 3, code: 'csv-quotes', params: {} }],
    });
    expect(parseKnowledgeCsv('kind,title,body\nfaq,A,b\nfaq,B\n')).toEqual({
      ok: false,
      errors: [{ row: 3, code: 'csv-fields', params: {} }],
    });
    const long = parseKnowledgeCsv(`kind,title,language,tags\nfaq,${'x'.repeat(501)},e,a\n`);
    expect(long.ok ? [] : long.errors).toEqual([
      { row: 2, code: 'too-long', params: { field: 'title', max: 500 } },
      { row: 2, code: 'too-short', params: { field: 'language', min: 2 } },
    ]);
  });

  it('has words in English and Chinese for every problem an import or a save can report', () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const i18n = createI18n(language);
      for (const code of KNOWLEDGE_PROBLEMS)
        expect(i18n.exists(`knowledge.problem.${code}`), code).toBe(true);
    }
  });

  it('exports cells a spreadsheet would run as formulas safely, and reads them back unchanged', () => {
    const item = { ...demoKnowledge(0)[0]!, title: '=HYPERLINK("http://evil")', body: '-5% for VIP' };
    const csv = exportKnowledgeCsv([item]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const parsed = parseKnowledgeCsv(csv);
    expect(parsed.ok && parsed.items[0]!.title).toBe('=HYPERLINK("http://evil")');
    expect(parsed.ok && parsed.items[0]!.body).toBe('-5% for VIP');
  });
});

describe('matching knowledge to an email', () => {
  const items = demoKnowledge(0);
  it('finds products by name, model number or keyword, and not by accident', () => {
    expect(matchProducts(items, 'Price for BW-HB150 please')[0]!.id).toBe('demo-product-highbay-150w');
    expect(matchProducts(items, '我们需要投光灯')[0]!.id).toBe('demo-product-flood-100w');
    expect(matchProducts(items, 'We need 60x60 panels for an office')[0]!.id).toBe('demo-product-panel-40w');
    expect(matchProducts(items, 'Hello, how are you? Bulbs are nice.')).toEqual([]);
  });
  it('reads FAQ topics as whole words and prefers the reply language', () => {
    expect(detectTopics('Is it UL listed? What is the MOQ?')).toEqual(['moq', 'certifications']);
    expect(detectTopics('a bulb with a cell')).toEqual([]);
    expect(matchFaqs(items, ['samples'], 'zh-CN')[0]!.id).toBe('demo-faq-samples-zh');
    expect(matchFaqs(items, ['samples'], 'de')[0]!.id).toBe('demo-faq-samples-en');
  });
});
