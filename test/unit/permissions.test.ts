import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';
import { webmailMatches, WEBMAIL_HOSTS, type WebmailId } from '../../lib/webmail/hosts';
import { WEBMAILS } from '../../lib/email';

// Permissions stay minimal and explained: every permission and host the manifest asks for
// (wxt.config.ts, and the content scripts' matches, which Chrome shows the rep as host access)
// must be listed in the README's permission table with its reason, and the table lists nothing
// the manifest no longer asks for.

interface Row {
  name: string;
  reason: string;
}

/** The rows of the README's "Permissions" table: `name` | reason. */
export function permissionTable(readme: string): Row[] {
  const section = /^## Permissions\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  return section
    .split('\n')
    .filter((line) => /^\|\s*`/.test(line))
    .map((line) => {
      const [, name = '', reason = ''] = /^\|\s*`([^`]+)`\s*\|\s*[^|]*\|\s*(.*?)\s*\|\s*$/.exec(line) ?? [];
      return { name, reason };
    });
}

/** Each content script's matches, by its entrypoint folder, as WXT reads them to build the manifest. */
async function contentScriptMatches(): Promise<Record<string, string[]>> {
  const byScript: Record<string, string[]> = {};
  for (const dir of await readdir('entrypoints')) {
    if (!dir.endsWith('.content')) continue;
    const entry = (await import(`../../entrypoints/${dir}/index.ts`)) as { default: { matches?: string[] } };
    byScript[dir] = entry.default.matches ?? [];
  }
  return byScript;
}

/** What the declared manifest asks for, with the kind of each ask. */
async function asked(): Promise<{ kind: string; name: string }[]> {
  const declared = config.manifest;
  if (typeof declared === 'function') throw new Error('wxt.config.ts manifest is computed, not declared');
  const manifest = await declared;
  if (!manifest) throw new Error('wxt.config.ts declares no manifest');
  const list = (kind: string, values: unknown) =>
    ((values as string[] | undefined) ?? []).map((name) => ({ kind, name }));
  const matches = Object.values(await contentScriptMatches()).flat();
  return [
    ...list('permission', manifest.permissions),
    ...list('optional permission', manifest.optional_permissions),
    ...list('host', manifest.host_permissions),
    ...list('optional host', manifest.optional_host_permissions),
    ...list('content script', matches),
  ];
}

describe('the permission table', () => {
  it('lists every permission and host the manifest asks for, each with its reason', async () => {
    const table = permissionTable(await readFile('README.md', 'utf8'));
    expect(table.length).toBeGreaterThan(0);
    const byName = new Map(table.map((row) => [row.name, row]));
    for (const { kind, name } of await asked()) {
      const row = byName.get(name);
      expect(row, `${kind} ${name} is not in the README's permission table`).toBeDefined();
      expect(row!.reason.split(/\s+/).length, `${name} has no reason in the README`).toBeGreaterThanOrEqual(
        4,
      );
    }
  });

  it('lists nothing the manifest does not ask for', async () => {
    const names = new Set((await asked()).map((a) => a.name));
    const stale = permissionTable(await readFile('README.md', 'utf8')).filter((row) => !names.has(row.name));
    expect(stale.map((row) => row.name)).toEqual([]);
  });

  it('host access is exactly the supported webmails, listed once', async () => {
    const all = webmailMatches();
    // Whole hosts over https, never a wildcard host or another scheme.
    for (const match of all) expect(match).toMatch(/^https:\/\/[a-z0-9]+(\.[a-z0-9-]+)+\/\*$/);
    const hosts = (await asked()).filter((a) => a.kind === 'host').map((a) => a.name);
    expect(hosts).toEqual(all);
    // One content script per webmail, matching exactly its hosts.
    expect(Object.keys(WEBMAIL_HOSTS).sort()).toEqual([...WEBMAILS].sort());
    const scripts = await contentScriptMatches();
    for (const id of WEBMAILS) expect(scripts[`${id}.content`], id).toEqual(webmailMatches(id as WebmailId));
    expect(Object.keys(scripts).sort()).toEqual(WEBMAILS.map((id) => `${id}.content`).sort());
  });

  it('reads the table as written and catches a missing row', () => {
    const readme = [
      '## Permissions',
      '',
      '| permission | kind | why |',
      '| --- | --- | --- |',
      '| `storage` | permission | keeps the settings in this browser |',
      '| `alarms` | permission |  |',
      '',
      '## Next',
    ].join('\n');
    expect(permissionTable(readme)).toEqual([
      { name: 'storage', reason: 'keeps the settings in this browser' },
      { name: 'alarms', reason: '' },
    ]);
    expect(permissionTable('## Other\n| `storage` | x | y |\n## Next')).toEqual([]);
  });
});
