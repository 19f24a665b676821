import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTERS, adapterFor } from './registry';

const HERE = __dirname;
const FIXTURES = path.resolve(HERE, '../../test/fixtures');
/** The readers' shared parts: page text, body text, layers, fitting to the limits. */
const NOT_ADAPTERS = new Set([
  'body-text.ts',
  'compose.ts',
  'content-runner.ts',
  'fit.ts',
  'layers.ts',
  'page-text.ts',
  'registry.ts',
  'types.ts',
]);

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

  it('reads the one set of limits the background checks, from a file that imports nothing', () => {
    // lib/email.ts builds its schemas from lib/email-limits.ts; the readers cut to the same
    // constants. That file must stay import-free, or zod would land in the content scripts.
    const limits = readFileSync(path.resolve(HERE, '../email-limits.ts'), 'utf8');
    expect(limits).not.toMatch(/^import /m);
    const email = readFileSync(path.resolve(HERE, '../email.ts'), 'utf8');
    expect(email).toMatch(/from '\.\/email-limits'/);
    for (const file of files) expect(readFileSync(path.join(HERE, file), 'utf8')).not.toMatch(/from 'zod'/);
  });
});
