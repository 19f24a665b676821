import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Bundles the harness's in-page half into one script that page.evaluate runs in
// an extension page (evaluation over the DevTools protocol is not subject to the
// page's CSP). esbuild comes with WXT and tsx, so it is always installed.

/** The project root: npm scripts and Playwright run from there. */
const ROOT = path.resolve('.');

async function bundle(options: { entry?: string; stdin?: string }): Promise<string> {
  const result = await build({
    ...(options.entry
      ? { entryPoints: [options.entry] }
      : { stdin: { contents: options.stdin ?? '', resolveDir: ROOT, loader: 'ts' } }),
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    alias: { '@': ROOT },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

let pageScript: Promise<string> | undefined;

/** The in-page harness (scripts/bench/page.ts): defines globalThis.__bench. */
export function benchPageScript(): Promise<string> {
  pageScript ??= bundle({ entry: path.join(ROOT, 'scripts/bench/page.ts') });
  return pageScript;
}

/** Where lib/handover's importer and exporter live, when that library exists. */
export const HANDOVER_ENTRY = path.join(ROOT, 'lib/handover/index.ts');

/**
 * The handover library (defines globalThis.__benchHandover), or why it cannot be
 * driven yet. Looked up at run time: the harness must run before and after the
 * library lands.
 */
export async function handoverScript(): Promise<{ script: string } | { missing: string }> {
  if (!existsSync(HANDOVER_ENTRY)) return { missing: 'lib/handover/index.ts does not exist yet' };
  const source = readFileSync(HANDOVER_ENTRY, 'utf8');
  if (!/\bimportBundle\b/.test(source) || !/\bexportBook\b/.test(source))
    return { missing: 'lib/handover does not export importBundle and exportBook yet' };
  try {
    const script = await bundle({
      stdin: `import './scripts/bench/jitless.ts';
        import { importBundle, exportBook } from './lib/handover/index.ts';
        globalThis.__benchHandover = { importBundle, exportBook };`,
    });
    return { script };
  } catch (error) {
    return { missing: `lib/handover does not build: ${String(error).split('\n')[0]}` };
  }
}
