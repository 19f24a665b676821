// Reading a source file's imports, for the tests that walk lib/'s floors (test/unit/import-loops.test.ts,
// lib/messages/index.test.ts).

const SPEC =
  /(?:^|[\s;}])(?:import|export)\s+(?:type\s+)?(?:[\w*\s{},$]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a source file imports or re-exports, comments left out. */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(SPEC)].map((m) => (m[1] ?? m[2])!);
}
