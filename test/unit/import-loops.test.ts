import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from '../support/imports';

// lib/'s top-level folders (and its loose files) import each other in no loop: every room sits on
// floors below it. The walk reads every import and export-from of lib's source files, `import type`
// and dynamic import() included; tests are left out (a test may drive several rooms together).

const LIB = path.resolve('lib');

/**
 * Imports that close a loop today and are not yet undone, each with its reason. The list only
 * shrinks: a new loop fails the test, and so does a listed import that is gone (take it off).
 */
const KNOWN_LOOP_EDGES: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The room of a file under lib/: its top-level folder, or the loose file's name. */
function roomOf(file: string): string {
  const [first = '', ...rest] = path.relative(LIB, file).split(path.sep);
  return rest.length ? first : first.replace(/\.tsx?$/, '');
}

/** Room → rooms it imports, each edge with one file that makes it. */
export function roomGraph(files: readonly string[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of files) {
    const from = roomOf(file);
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = spec.startsWith('@/')
        ? path.resolve(spec.slice(2))
        : spec.startsWith('.')
          ? path.resolve(path.dirname(file), spec)
          : null;
      if (!target || !target.startsWith(LIB + path.sep)) continue;
      const to = roomOf(target);
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, path.relative(LIB, file));
    }
  }
  return graph;
}

/** The strongly connected groups of more than one room (Tarjan), each sorted. */
export function loopsOf(graph: Map<string, Map<string, string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (room: string) => {
    index.set(room, next);
    low.set(room, next++);
    stack.push(room);
    onStack.add(room);
    for (const to of graph.get(room)?.keys() ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(room, Math.min(low.get(room)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(room, Math.min(low.get(room)!, index.get(to)!));
    }
    if (low.get(room) !== index.get(room)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== room);
    if (group.length > 1) loops.push(group.sort());
  };
  for (const room of graph.keys()) if (!index.has(room)) visit(room);
  return loops;
}

describe("lib's rooms", () => {
  it('import each other in no loop, but for the known imports, which only go', () => {
    const graph = roomGraph(sourceFiles(LIB));
    expect(graph.size).toBeGreaterThan(10);
    const present = Object.keys(KNOWN_LOOP_EDGES).filter((edge) => {
      const [from = '', to = ''] = edge.split(' → ');
      return graph.get(from)?.has(to) ?? false;
    });
    expect(present, 'known loop imports undone: take them off KNOWN_LOOP_EDGES').toEqual(
      Object.keys(KNOWN_LOOP_EDGES),
    );
    for (const edge of present) {
      const [from = '', to = ''] = edge.split(' → ');
      graph.get(from)!.delete(to);
    }
    const loops = loopsOf(graph).map((group) =>
      group.flatMap((from) =>
        [...(graph.get(from) ?? [])]
          .filter(([to]) => group.includes(to))
          .map(([to, file]) => `${from} → ${to} (${file})`),
      ),
    );
    expect(loops, 'import loops between lib folders').toEqual([]);
  });

  it('reads every kind of import, type-only and dynamic ones included, and no commented one', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b/b';",
      "import * as c from '@/lib/c';",
      "export { d } from './d';",
      "export type { E } from './e';",
      "import './f';",
      "const g = await import('./g');",
      "// import { h } from './h';",
      "/* import { i } from './i'; */",
      'import {\n  j,\n  type J,\n} from "./j";',
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a', '../b/b', '@/lib/c', './d', './e', './f', './g', './j']);
  });

  it('finds a loop through type imports', () => {
    const graph = new Map([
      ['value', new Map([['messages', 'value/x.ts']])],
      ['messages', new Map([['enrich', 'messages.ts']])],
      ['enrich', new Map([['value', 'enrich/card.ts']])],
      ['db', new Map([['domains', 'db/book.ts']])],
    ]);
    expect(loopsOf(graph)).toEqual([['enrich', 'messages', 'value']]);
  });
});

describe('every extension context', () => {
  it('opens the database with every reaction to writes (openBook) before it renders or listens', () => {
    const root = path.resolve('entrypoints');
    const contexts = readdirSync(root).filter((name) => !name.endsWith('.content'));
    expect(contexts.sort()).toEqual(['background', 'dashboard', 'offscreen', 'options', 'sidepanel']);
    for (const name of contexts) {
      const dir = path.join(root, name);
      const source = readdirSync(dir)
        .filter((file) => /\.tsx?$/.test(file))
        .map((file) => readFileSync(path.join(dir, file), 'utf8'))
        .join('\n');
      expect(source, `entrypoints/${name} must call openBook()`).toMatch(/\bopenBook\(\)/);
    }
  });
});
