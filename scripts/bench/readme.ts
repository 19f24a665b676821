import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { machineLine, table, type Report } from './report';

// Copies the latest full benchmark run (bench-results/latest.json) into the
// README, between the bench markers, so the README always shows figures that a
// run printed rather than numbers typed by hand.
//
//   npm run bench:readme [-- path/to/report.json]

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

export function readmeSection(report: Report): string {
  const details = report.details as { source?: { commit?: string; dirty?: boolean } };
  const source = details.source?.commit
    ? `commit ${details.source.commit}${details.source.dirty ? ' plus uncommitted changes' : ''}`
    : 'an unknown commit';
  const minutes = (report.durationMs / 60_000).toFixed(1);
  const scripts = report.scripts
    .map(
      (s) =>
        `${s.script} (${(s.ms / 1000).toFixed(1)} s, exit ${s.exitCode}):\n\n\`\`\`\n${(s.stdout || s.stderr).trim()}\n\`\`\``,
    )
    .join('\n\n');
  return [
    START,
    `Run of ${report.startedAt.slice(0, 10)} (\`npm run bench\`, ${source}, ${minutes} minutes${report.complete ? '' : ', stopped before the end'}) on ${machineLine(report.machine)}.`,
    '',
    table(report.figures, true),
    '',
    '<details><summary>The Node-side figure scripts of the same run</summary>',
    '',
    scripts || '(none ran)',
    '',
    '</details>',
    END,
  ].join('\n');
}

export function replaceSection(readme: string, section: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block`);
  return readme.slice(0, start) + section + readme.slice(end + END.length);
}

async function main() {
  const file = process.argv[2] ?? path.join('bench-results', 'latest.json');
  const report = JSON.parse(await readFile(file, 'utf8')) as Report;
  if (report.smoke) throw new Error(`${file} is a smoke run: its figures are not to be quoted`);
  const readme = await readFile('README.md', 'utf8');
  await writeFile('README.md', replaceSection(readme, readmeSection(report)));
  console.log(`README.md: figures of ${report.startedAt} copied from ${file}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
