import { describe, expect, it } from 'vitest';
import type { ScriptOutput } from './report';
import { scriptFigures } from './scripts';

const output = (json: unknown): ScriptOutput => ({
  script: 'scripts/bench-origin.ts',
  exitCode: 0,
  ms: 1,
  stdout: '',
  stderr: '',
  json,
});

describe("a figure script's figures", () => {
  it('join the main table under the script name, with their goals', () => {
    const figures = scriptFigures(
      output({
        figures: [
          {
            id: 'lookup.v4',
            label: 'IP lookup, IPv4',
            value: 0.0007,
            unit: 'ms',
            goal: { op: '<', target: 0.05 },
          },
        ],
      }),
    );
    expect(figures).toEqual([
      {
        id: 'bench-origin.lookup.v4',
        label: 'IP lookup, IPv4',
        value: 0.0007,
        unit: 'ms',
        goal: { op: '<', target: 0.05 },
      },
    ]);
  });

  it('are none when the script printed text only or malformed figures', () => {
    expect(scriptFigures(output(undefined))).toEqual([]);
    expect(scriptFigures(output({ figures: [{ id: 'x', value: 'fast' }] }))).toEqual([]);
  });
});
