import { describe, expect, it } from 'vitest';
import { packColumns, unpackColumns } from './packed';

// A stored day row must give back exactly what was packed: every value, the
// difference between a missing field and an empty string, any characters a
// hostile subject may hold, and rows with more distinct strings than 16 bits number.

describe('packed columns', () => {
  it('give back the columns value for value', () => {
    const columns = {
      id: ['a', 'b', 'c', 'd'],
      at: [1, 2.5, -3, 1e15],
      subject: ['Re: PO 1', '', undefined, 'Re: PO 1'],
      weird: ['\u0000\uffff', '价格\u2028😀', 'a\u0000', undefined],
      cost: [undefined, 0, 7.25, undefined],
    };
    const packed = packColumns(columns, ['at', 'cost'], ['id', 'subject', 'weird']);
    expect(packed.n).toBe(4);
    // The repeated subject is stored once.
    expect(packed.ends.length).toBe(4 + 2 + 3);
    expect(unpackColumns(packed, ['at', 'cost'], ['id', 'subject', 'weird'])).toEqual(columns);
  });

  it('number a dictionary past 65,535 strings with 32 bits', () => {
    const ids = Array.from({ length: 70_000 }, (_, i) => `id-${i}`);
    const packed = packColumns({ id: ids }, [], ['id']);
    expect(packed.refs).toBeInstanceOf(Uint32Array);
    expect(unpackColumns(packed, [], ['id']).id).toEqual(ids);
    expect(packColumns({ id: ids.slice(0, 10) }, [], ['id']).refs).toBeInstanceOf(Uint16Array);
  });

  it('pack an empty row', () => {
    const packed = packColumns({ id: [], at: [] }, ['at'], ['id']);
    expect(unpackColumns(packed, ['at'], ['id'])).toEqual({ id: [], at: [] });
  });
});
