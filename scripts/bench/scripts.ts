import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Figure, ScriptOutput } from './report';

// The other capabilities' figure scripts (scripts/bench-*.ts: origin lookup,
// value recompute, replies, handover...). Each runs in its own Node process
// with tsx; its output goes into the report as it printed it.

/**
 * Scripts the harness leaves out: bench-handover.ts measures handover in Node's
 * fake-indexeddb at 10k companies, which the browser now measures for real at
 * 100k; it still runs by hand (`npx tsx scripts/bench-handover.ts`).
 */
const MEASURED_IN_THE_BROWSER = new Set(['bench-handover.ts']);

export async function figureScripts(dir = path.resolve('scripts')): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => /^bench-[\w-]+\.ts$/.test(n) && !MEASURED_IN_THE_BROWSER.has(n))
    .sort()
    .map((n) => path.join(dir, n));
}

function parseJson(stdout: string): unknown {
  const text = stdout.trim();
  for (const candidate of [text, text.split('\n').at(-1) ?? '']) {
    if (!/^[[{]/.test(candidate)) continue;
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // Not JSON: kept as text.
    }
  }
  return undefined;
}

/** Runs one script with tsx; `--smoke` is passed on (and BENCH_SMOKE=1 set) for the smoke run. */
export function runFigureScript(
  file: string,
  options: { smoke: boolean; timeoutMs: number },
): Promise<ScriptOutput> {
  const started = Date.now();
  const tsx = path.resolve('node_modules/.bin/tsx');
  const args = [file, ...(options.smoke ? ['--smoke'] : [])];
  return new Promise((resolve) => {
    // Its own process group: tsx runs the script in a child of its own, and a timeout must stop both.
    const child = spawn(tsx, args, {
      env: { ...process.env, ...(options.smoke ? { BENCH_SMOKE: '1' } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(stopped after ${options.timeoutMs} ms)`;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      const output: ScriptOutput = {
        script: path.relative(process.cwd(), file),
        exitCode,
        ms: Date.now() - started,
        stdout: stdout.trimEnd(),
        stderr: stderr.trimEnd().slice(-4000),
      };
      const json = parseJson(stdout);
      if (json !== undefined) output.json = json;
      resolve(output);
    });
  });
}

const ScriptFiguresSchema = z.object({
  figures: z.array(
    z.object({
      id: z.string().min(1),
      label: z.string().min(1),
      value: z.number().nullable(),
      unit: z.string(),
      goal: z.object({ op: z.enum(['<', '>=']), target: z.number() }).optional(),
      note: z.string().optional(),
    }),
  ),
});

/**
 * The figures a script printed as its last line of JSON (`{"figures": [...]}`),
 * ready for the main table; a script that printed none, or malformed ones, gives none.
 */
export function scriptFigures(output: ScriptOutput): Figure[] {
  const parsed = ScriptFiguresSchema.safeParse(output.json);
  if (!parsed.success) return [];
  const name = path.basename(output.script, '.ts');
  return parsed.data.figures.map((figure) => ({ ...figure, id: `${name}.${figure.id}` }));
}
