import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_CHARS, MAX_RAW_HEADER_CHARS } from '../email';
import { ADAPTERS, adapterFor } from './registry';
import { BODY_LIMIT, RAW_HEADER_LIMIT } from './types';

const HERE = __dirname;
const FIXTURES = path.resolve(HERE, '../../test/fixtures');
const NOT_ADAPTERS = new Set(['compose.ts', 'content-runner.ts', 'registry.ts', 'types.ts']);

describe('adapter registry', () => {
  const files = readdirSync(HERE).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_ADAPTERS.has(f),
  );

  it('lists every adapter file in lib/adapters/', () => {
    expect(files.length).toBeGreaterThan(0);
    const ids = ADAPTERS.map((a) => a.id as string);
    for (const file of files)
      expect(ids, `${file} is not in registry.ts`).toContain(file.replace(/\.ts$/, ''));
  });

  it('has fixture pages under test/fixtures/<id>/ for every adapter', () => {
    for (const adapter of ADAPTERS) {
      const dir = path.join(FIXTURES, adapter.id);
      expect(existsSync(dir), `missing ${dir}`).toBe(true);
      expect(readdirSync(dir).filter((f) => f.endsWith('.html')).length).toBeGreaterThan(0);
    }
  });

  it('picks the adapter by page address', () => {
    expect(adapterFor('https://mail.google.com/mail/u/1/#inbox')?.id).toBe('gmail');
    expect(adapterFor('https://mail.google.com.evil.example/mail/u/0/')).toBeUndefined();
    expect(adapterFor('https://example.com/')).toBeUndefined();
  });

  it('keeps the content-script copies of the size limits equal to the schema limits', () => {
    expect(BODY_LIMIT).toBe(MAX_BODY_CHARS);
    expect(RAW_HEADER_LIMIT).toBe(MAX_RAW_HEADER_CHARS);
  });
});
