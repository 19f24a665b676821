import { describe, expect, it } from 'vitest';
import { readmeSection, replaceSection } from './readme';
import type { Report } from './report';

const report: Report = {
  startedAt: '2026-11-25T06:27:00.000Z',
  durationMs: 9 * 60_000,
  smoke: false,
  complete: true,
  machine: {
    cpu: 'Test CPU',
    cores: 2,
    memoryGB: 8,
    os: 'Linux',
    node: 'v20',
    chromium: 'Chromium 1',
    loadAverage: 0.5,
  },
  figures: [
    { id: 'a', label: 'Email open → card, 50k p95', value: 31.2, unit: 'ms', goal: { op: '<', target: 50 } },
    { id: 'b', label: 'Import speed | ratio', value: 0.4, unit: '', goal: { op: '>=', target: 0.5 } },
  ],
  scripts: [
    { script: 'scripts/bench-origin.ts', exitCode: 0, ms: 2100, stdout: 'lookup IPv4 0.6 µs\n', stderr: '' },
  ],
  details: { source: { commit: 'abc1234', dirty: false } },
};

describe('the README benchmark block', () => {
  it('shows the run, its machine, every figure with its verdict and the scripts', () => {
    const section = readmeSection(report);
    expect(section).toContain('commit abc1234, 9.0 minutes');
    expect(section).toContain('Test CPU, 2 cores');
    expect(section).toContain('| Email open → card, 50k p95 | 31.2 ms | < 50 ms | pass |');
    expect(section).toContain('| Import speed \\| ratio | 0.400 | >= 0.5 | MISS |');
    expect(section).toContain('lookup IPv4 0.6 µs');
  });

  it('replaces only what is between the markers, and refuses a README without them', () => {
    const readme = 'intro\n<!-- bench:start -->\nold\n<!-- bench:end -->\noutro\n';
    const updated = replaceSection(readme, readmeSection(report));
    expect(updated.startsWith('intro\n<!-- bench:start -->')).toBe(true);
    expect(updated.endsWith('<!-- bench:end -->\noutro\n')).toBe(true);
    expect(updated).not.toContain('old');
    expect(() => replaceSection('no markers', 'x')).toThrow(/bench:start/);
  });
});
