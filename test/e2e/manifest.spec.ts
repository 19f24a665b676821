import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { EXTENSION_PATH } from '../support/browser';
import { webmailMatches, WEBMAIL_HOSTS, type WebmailId } from '../../lib/webmail/hosts';

// The built manifest asks for exactly the webmails listed once in lib/webmail/hosts.ts:
// host permissions for all of them, and each content script on its own webmail's hosts.

interface Manifest {
  host_permissions?: string[];
  content_scripts?: { matches?: string[]; js?: string[] }[];
}

test('the built manifest asks for exactly the listed webmail hosts', async () => {
  const manifest = JSON.parse(await readFile(path.join(EXTENSION_PATH, 'manifest.json'), 'utf8')) as Manifest;
  expect(manifest.host_permissions).toEqual(webmailMatches());
  const byScript = Object.fromEntries(
    (manifest.content_scripts ?? []).map((script) => [
      path.basename(script.js?.[0] ?? '', '.js'),
      script.matches ?? [],
    ]),
  );
  expect(Object.keys(byScript).sort()).toEqual(Object.keys(WEBMAIL_HOSTS).sort());
  for (const id of Object.keys(WEBMAIL_HOSTS) as WebmailId[])
    expect(byScript[id], id).toEqual(webmailMatches(id));
});
