import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPORT_DIR, type ChunkReport } from './plugin';

// What the background bundle (or another chunk) holds: builds the extension with the report
// plugin on, then lists the biggest parts by package (node_modules) or room (lib/<folder>), with
// their share of the built file. `npm run bundle:report [-- chunk] [-- --no-build]`.

const args = process.argv.slice(2);
const chunkName = args.find((a) => !a.startsWith('--')) ?? 'background.js';

if (!args.includes('--no-build')) {
  rmSync(REPORT_DIR, { recursive: true, force: true });
  const build = spawnSync('npx', ['wxt', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, BUNDLE_REPORT: '1' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** A module's part: its npm package, or lib/<room>, or its folder. */
export function partOf(id: string): string {
  const clean = id.replace(/^\0/, '').replace(/\?.*$/, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(clean);
  if (pkg) return pkg[1]!;
  const rel = path.relative(process.cwd(), clean).split(path.sep);
  if (rel[0] === 'lib') return rel.length > 2 ? `lib/${rel[1]}` : 'lib (loose files)';
  return rel.slice(0, Math.min(2, rel.length - 1)).join('/') || clean;
}

const report = readdirSync(REPORT_DIR)
  .map((f) => JSON.parse(readFileSync(path.join(REPORT_DIR, f), 'utf8')) as ChunkReport)
  .find((r) => r.file === chunkName);
if (!report) {
  console.error(`no chunk ${chunkName} in ${REPORT_DIR}`);
  process.exit(1);
}
const built = statSync(path.resolve('.output/chrome-mv3', report.file)).size;
const parts = new Map<string, number>();
for (const m of report.modules) parts.set(partOf(m.id), (parts.get(partOf(m.id)) ?? 0) + m.bytes);
const rendered = [...parts.values()].reduce((a, b) => a + b, 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

console.log(`\n${report.file}: ${kb(built)} built, ${report.modules.length} modules\n`);
console.log('| part | share | ~ built size |');
console.log('| --- | ---: | ---: |');
for (const [part, bytes] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, 20))
  console.log(
    `| \`${part}\` | ${((bytes / rendered) * 100).toFixed(1)}% | ${kb((bytes / rendered) * built)} |`,
  );
