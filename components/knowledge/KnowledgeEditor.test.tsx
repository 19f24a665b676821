// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '@/lib/db/db';
import { cleanup, render, waitFor, type Rendered } from '@/test/support/render';
import { KnowledgeEditor } from './KnowledgeEditor';

let view: Rendered;
let db: CrmDb;
beforeEach(() => {
  db = openCrmDb(`editor-${Math.random()}`);
  view = render(<KnowledgeEditor db={db} authorRepId="rep-1" />);
});
afterEach(() => {
  cleanup();
  db.close();
});

const q = <T extends HTMLElement = HTMLElement>(id: string) => view.q<T>(id);
const all = (id: string) => view.qa(id);
const type = (id: string, value: string) => view.type(id, value);
const click = (id: string) => view.click(id);
async function upload(name: string, text: string) {
  const input = q<HTMLInputElement>('knowledge-import')!;
  Object.defineProperty(input, 'files', { configurable: true, value: [new File([text], name)] });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('KnowledgeEditor', () => {
  it('starts empty with a way in, and loads the demo set', async () => {
    await waitFor(() => q('knowledge-empty') !== null);
    click('knowledge-load-demo');
    await waitFor(() => all('knowledge-item').length > 20);
    click('knowledge-filter-product');
    await waitFor(() => all('knowledge-item').every((i) => i.dataset.kind === 'product'));
    expect(
      all('knowledge-item')
        .map((i) => i.textContent)
        .join(' '),
    ).toContain('300 pcs');
  });

  it('adds a product with its facts, refusing it first without a name', async () => {
    await waitFor(() => q('knowledge-empty') !== null);
    click('knowledge-add');
    click('knowledge-save');
    await waitFor(() => q('knowledge-form-error') !== null);
    expect(q('knowledge-form-error')!.textContent).toBe('Could not save: Title is required.');
    expect(await db.knowledge.count()).toBe(0);

    type('knowledge-title', 'Garden Spike Light 7W (BW-GS7)');
    type('knowledge-field-moq', '500 pcs');
    type('knowledge-field-leadTime', '30 days');
    click('knowledge-save');
    await waitFor(() => all('knowledge-item').length === 1);
    const [item] = await db.knowledge.toArray();
    expect(item).toMatchObject({
      kind: 'product',
      title: 'Garden Spike Light 7W (BW-GS7)',
      authorRepId: 'rep-1',
    });
    expect(item!.fields).toEqual({ moq: '500 pcs', leadTime: '30 days' });
  });

  it('reads other fields written "key: value" or with a Chinese colon, "键：值"', async () => {
    await waitFor(() => q('knowledge-empty') !== null);
    click('knowledge-add');
    type('knowledge-title', '庭院灯 7W (BW-GS7)');
    type('knowledge-extra', 'IP: 65\n认证：CE、RoHS\nno value here');
    click('knowledge-save');
    await waitFor(() => all('knowledge-item').length === 1);
    const [item] = await db.knowledge.toArray();
    expect(item!.fields).toEqual({ IP: '65', 认证: 'CE、RoHS' });
  });

  it('edits and deletes an item', async () => {
    await db.knowledge.put({
      id: 'f1',
      kind: 'faq',
      title: 'Samples',
      body: 'Old answer',
      fields: { topic: 'samples' },
      tags: [],
      language: 'en',
      authorRepId: 'r',
      createdAt: 1,
      updatedAt: 1,
    });
    await waitFor(() => all('knowledge-item').length === 1);
    click('knowledge-edit');
    type('knowledge-body', 'New answer');
    click('knowledge-save');
    await waitFor(() => all('knowledge-item')[0]?.textContent?.includes('New answer') ?? false);
    click('knowledge-delete');
    expect(await db.knowledge.count()).toBe(1);
    click('knowledge-delete-confirm');
    await waitFor(() => q('knowledge-empty') !== null);
    expect(await db.knowledge.count()).toBe(0);
  });

  it('imports a good file, and lists every bad row of a bad one without writing anything', async () => {
    await waitFor(() => q('knowledge-empty') !== null);
    await upload('bad.csv', 'kind,title,body\nproduct,Lamp,ok\nwidget,Thing,x\nfaq,,no title\n');
    await waitFor(() => q('import-errors') !== null);
    expect([...q('import-errors')!.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Row 3: Type must be one of: product, faq, template.',
      'Row 4: Title is required.',
    ]);
    expect(await db.knowledge.count()).toBe(0);

    await upload('good.json', JSON.stringify([{ kind: 'faq', title: 'Payment', body: '30% deposit' }]));
    await waitFor(() => q('knowledge-notice')?.textContent === 'Imported: 1 new, 0 updated.');
    expect(q('import-errors')).toBeNull();
    expect(await db.knowledge.count()).toBe(1);
  });

  it('says what is wrong with a file in the language the rep chose', async () => {
    view.rerender(<KnowledgeEditor db={db} authorRepId="rep-1" />, { lang: 'zh-CN' });
    await waitFor(() => q('knowledge-empty') !== null);
    await upload('no-kind.csv', 'title,body\nLamp,ok\n');
    await waitFor(() => q('import-errors') !== null);
    expect(q('import-errors')!.querySelector('li')!.textContent).toBe('第 1 行：缺少列：kind。');
    await upload('tags.json', JSON.stringify([{ kind: 'faq', title: 'Payment', tags: [''] }]));
    await waitFor(() => q('import-errors')?.textContent?.includes('标签为必填项') ?? false);
    expect(q('import-errors')!.textContent).not.toMatch(/[A-Za-z]{4,}/);
  });
});
