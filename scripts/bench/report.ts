import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// The benchmark's report: one row per figure (value, goal, ratio or pass), the
// machine it was measured on, printed as a table and written as JSON.

export interface Goal {
  /** The figure meets the goal when `value op target`. */
  op: '<' | '>=';
  target: number;
}

export interface Figure {
  /** Stable key, e.g. 'enrich.panel.50k.p95'. */
  id: string;
  label: string;
  /** null when the figure could not be measured (see note). */
  value: number | null;
  unit: string;
  goal?: Goal;
  /** A ratio that explains the value, e.g. "× 38 an indexed get". */
  ratio?: string;
  note?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  node: string;
  chromium: string;
  /** 1-minute load average when the run started: other work on the machine skews figures. */
  loadAverage: number;
}

export interface ScriptOutput {
  script: string;
  exitCode: number | null;
  ms: number;
  stdout: string;
  stderr: string;
  /** The output parsed as JSON when the script printed JSON. */
  json?: unknown;
}

export interface Report {
  startedAt: string;
  durationMs: number;
  smoke: boolean;
  /** False while the run is still going (the file is rewritten after every step). */
  complete: boolean;
  machine: Machine;
  figures: Figure[];
  scripts: ScriptOutput[];
  /** Everything measured, in full (latency summaries, breakdowns, counts). */
  details: Record<string, unknown>;
}

export async function machineInfo(chromiumPath: string): Promise<Machine> {
  const chromium = await promisify(execFile)(chromiumPath, ['--version'])
    .then(({ stdout }) => /Chromium[^\n]*/.exec(stdout)?.[0] ?? stdout.trim())
    .catch(() => 'unknown');
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

export function passes(figure: Figure): boolean | null {
  if (!figure.goal || figure.value === null || !Number.isFinite(figure.value)) return null;
  return figure.goal.op === '<' ? figure.value < figure.goal.target : figure.value >= figure.goal.target;
}

export function formatValue(figure: Figure): string {
  if (figure.value === null || !Number.isFinite(figure.value)) return 'n/a';
  const v = figure.value;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3;
  return `${v.toFixed(digits)} ${figure.unit}`.trim();
}

function formatGoal(figure: Figure): string {
  return figure.goal ? `${figure.goal.op} ${figure.goal.target} ${figure.unit}`.trim() : '';
}

function verdict(figure: Figure): string {
  const pass = passes(figure);
  const mark = pass === null ? '' : pass ? 'pass' : 'MISS';
  return [figure.ratio, mark].filter(Boolean).join('  ');
}

/** The figures as a plain-text table; `markdown` gives the same rows for docs/benchmarks.md. */
export function table(figures: readonly Figure[], markdown = false): string {
  const rows = figures.map((f) => [f.label, formatValue(f), formatGoal(f), verdict(f) || (f.note ?? '')]);
  const head = ['Figure', 'Value', 'Goal', 'Ratio / pass'];
  if (markdown)
    return [head, head.map(() => '---'), ...rows]
      .map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`)
      .join('\n');
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function machineLine(machine: Machine): string {
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.os}; Node ${machine.node}; ${machine.chromium}; load average ${machine.loadAverage} at start`;
}

export async function writeReport(report: Report, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const replacer = (_key: string, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? null : value;
  await writeFile(file, JSON.stringify(report, replacer, 2) + '\n');
}
