import { describe, expect, it } from 'vitest';
import { outboxEntries } from './outbox';

describe('what a write leaves in the team outbox', () => {
  const company = { id: 'c1', name: 'Acme', notes: '' };

  it('a new record goes with no base, an edit with the record before it', () => {
    expect(
      outboxEntries(
        { table: 'companies', op: 'put', keys: ['c1'], values: [company], old: [undefined], all: false },
        5,
      ),
    ).toEqual([{ op: 'put', kind: 'companies', key: 'c1', value: company, base: null, at: 5 }]);
    const edited = { ...company, notes: 'VIP' };
    expect(
      outboxEntries(
        { table: 'companies', op: 'put', keys: ['c1'], values: [edited], old: [company], all: false },
        5,
      ),
    ).toEqual([{ op: 'put', kind: 'companies', key: 'c1', value: edited, base: company, at: 5 }]);
  });

  it('leaves out what changed nothing, local settings and derived tables', () => {
    expect(
      outboxEntries(
        { table: 'companies', op: 'put', keys: ['c1'], values: [company], old: [company], all: false },
        5,
      ),
    ).toEqual([]);
    expect(
      outboxEntries(
        {
          table: 'settings',
          op: 'put',
          keys: ['currentRepId'],
          values: [{ key: 'currentRepId', value: 'r' }],
          all: false,
        },
        5,
      ),
    ).toEqual([]);
    expect(
      outboxEntries(
        { table: 'settings', op: 'put', keys: ['value'], values: [{ key: 'value', value: {} }], all: false },
        5,
      ),
    ).toHaveLength(1);
    expect(
      outboxEntries(
        { table: 'companyValues', op: 'put', keys: ['c1'], values: [{ companyId: 'c1' }], all: false },
        5,
      ),
    ).toEqual([]);
  });

  it('a delete, or a clear of the table, deletes each record that was there', () => {
    expect(
      outboxEntries(
        {
          table: 'orders',
          op: 'delete',
          keys: ['o1', 'o2'],
          values: [],
          old: [{ id: 'o1' }, undefined],
          all: false,
        },
        5,
      ),
    ).toEqual([{ op: 'delete', kind: 'orders', key: 'o1', at: 5 }]);
    expect(
      outboxEntries(
        {
          table: 'orders',
          op: 'delete',
          keys: ['o1', 'o2'],
          values: [],
          old: [{ id: 'o1' }, { id: 'o2' }],
          all: true,
        },
        5,
      ),
    ).toHaveLength(2);
  });
});

describe('with no team server set', () => {
  it('writes to the book queue nothing: the extension is the solo extension', async () => {
    const { emptyBook, company: aCompany } = await import('../../test/support/handover-book');
    const book = emptyBook();
    await book.companies.put(aCompany('solo'));
    await book.companies.update('solo', { notes: 'edited' });
    await book.companies.delete('solo');
    expect(await book.syncOutbox.count()).toBe(0);
    await book.delete();
  });
});
