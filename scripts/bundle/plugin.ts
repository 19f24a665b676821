import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WxtViteConfig } from 'wxt';

type VitePlugin = Extract<NonNullable<WxtViteConfig['plugins']>[number], { name: string }>;

// With BUNDLE_REPORT set, every chunk of the build writes what it holds (each module's size as
// rendered into the chunk, before minifying) to .output/bundle-report/, for scripts/bundle/report.ts.

export const REPORT_DIR = path.resolve('.output/bundle-report');

export interface ChunkReport {
  file: string;
  modules: { id: string; bytes: number }[];
}

export function bundleReport(): VitePlugin {
  return {
    name: 'bundle-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      if (!process.env.BUNDLE_REPORT) return;
      mkdirSync(REPORT_DIR, { recursive: true });
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const report: ChunkReport = {
          file: chunk.fileName,
          modules: Object.entries(chunk.modules).map(([id, m]) => ({ id, bytes: m.renderedLength })),
        };
        writeFileSync(
          path.join(REPORT_DIR, `${chunk.fileName.replace(/[/\\]/g, '__')}.json`),
          JSON.stringify(report),
        );
      }
    },
  };
}
